#ifndef H_H
#define H_H
#if defined(_WIN32) && !defined(__CYGWIN__)
#include <windows.h>
#elif __has_include(<nowhere.h>) || 0
#include <nowhere.h>
#else
#include <stdio.h>
#endif
#if !defined __x86_64__ && !defined FUZZ
# include_next <h.h>
#endif
#ifndef GUARD
#define GUARD
#endif
#undef GUARD
#endif
