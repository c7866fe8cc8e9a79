// SPDX-License-Identifier: GPL-2.0
/*
 * noop: a program that does nothing, linked statically, so that the exec
 * rows also show what starting a program costs without the dynamic
 * loader's own work (/bin/true has it): the floor of the program's part.
 */
int main(void)
{
	return 0;
}
