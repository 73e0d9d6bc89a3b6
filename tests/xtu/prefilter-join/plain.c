/* Nothing here can matter: with the pre-filter on, never parsed. */
int add(int a, int b)
{
    return a + b;
}
