#ifndef ANNALS_CLIBPQ_SHIM_H
#define ANNALS_CLIBPQ_SHIM_H

/* The system libpq (Debian's libpq-dev): PostgreSQL's own C client. */
#include <postgresql/libpq-fe.h>

#endif
