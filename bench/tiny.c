/*
 * The program the exec workload runs: it exits 0 at once.
 * Built with cc -static -O2 (-nostdlib where the raw exit below exists), so
 * an exec costs the kernel's work and nothing else: no dynamic loader, no
 * libc start-up (static glibc's start-up alone doubles the cost of an exec).
 */
#if defined(TINY_NOSTDLIB) && defined(__x86_64__)
void _start(void)
{
	__asm__ volatile("mov $60, %eax\n\txor %edi, %edi\n\tsyscall");
	for (;;)
		;
}
#elif defined(TINY_NOSTDLIB) && defined(__aarch64__)
void _start(void)
{
	__asm__ volatile("mov x8, #93\n\tmov x0, #0\n\tsvc #0");
	for (;;)
		;
}
#else
int main(void)
{
	return 0;
}
#endif
