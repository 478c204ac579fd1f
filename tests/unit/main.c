// SPDX-License-Identifier: GPL-2.0
#include "check.h"

int check_failures;

int main(void)
{
	test_escape();
	test_options();
	test_format();
	test_shown_set();
	test_json();
	test_text();
	test_cmdline();
	return check_failures ? 1 : 0;
}
