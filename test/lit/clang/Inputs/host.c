/* A host program (no BPF): the Clang plugin leaves its compilation alone. */
int add(int a, int b)
{
	return a + b;
}
