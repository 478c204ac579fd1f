// SPDX-License-Identifier: GPL-2.0
#include "check.h"

int check_failures;

int main(void)
{
	test_strbuf();
	test_escape();
	test_options();
	test_decode();
	test_filter();
	test_sink_text();
	test_sink_json();
	test_transport();
	test_proc();
	test_privs();
	test_kfeatures();
	test_passwd();
	test_ident();
	test_container();
	test_runlog();
	test_json();
	test_replay();
	test_report();
	test_timeline();
	test_perfetto();
	test_output();
	test_journal();
	return check_failures ? 1 : 0;
}
