#ifndef ANNALS_CZLIB_SHIM_H
#define ANNALS_CZLIB_SHIM_H

#include <zlib.h>

/* deflateInit2 and inflateInit2 are macros, which Swift cannot call. */

/* gzip framing (windowBits 15 + 16): zlib writes a fixed header with mtime 0 and no name,
   so the same bytes in give the same file out. */
static inline int annals_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/* Accepts gzip framing only (windowBits 15 + 16). */
static inline int annals_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 16);
}

#endif
