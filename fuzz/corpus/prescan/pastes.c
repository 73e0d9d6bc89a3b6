#include "h.h"
#include <h.h>
#define CAT(a, b) a ## b
#define U64(c) c ## UL
#define NAME(n) db_ ## n ## _close
typedef struct _IO_FILE alias_t;
int f(typeof(stdin) s) { return U64(1) + CAT(x, y) + NAME(s); }
%:define DIGRAPH sqlite3_cl\
ose
const char *s = u8"sqlite3_close" "\"" R"x(raw)x";
int g = 'c' + L'w' + 1'000;
