#ifndef ANNALS_CLIBCURL_SHIM_H
#define ANNALS_CLIBCURL_SHIM_H

/* The system libcurl (Debian's libcurl4-openssl-dev), the library FoundationNetworking's
   URLSession runs on. curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot
   call: these typed wrappers call them. */
#include <curl/curl.h>
#include <sys/socket.h>

static inline CURLcode annals_curl_set_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode annals_curl_set_string(CURL *h, CURLoption o, const char *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode annals_curl_set_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode annals_curl_set_slist(CURL *h, CURLoption o, struct curl_slist *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode annals_curl_set_write(CURL *h, CURLoption o, curl_write_callback f) {
    return curl_easy_setopt(h, o, f);
}
static inline CURLcode annals_curl_set_opensocket(CURL *h, curl_opensocket_callback f) {
    return curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, f);
}
static inline CURLcode annals_curl_set_debug(CURL *h, curl_debug_callback f) {
    return curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, f);
}
static inline CURLcode annals_curl_get_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }

#endif
