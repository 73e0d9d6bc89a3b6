/* An #if without a condition around a #define (found by fuzz_prescan): the
 * scan before parsing read the empty condition's tokens through a null
 * pointer (undefined behaviour under UBSan). */
#if
#define EMPTY_CONDITION 1
#endif
int x;
