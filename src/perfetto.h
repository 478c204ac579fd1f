/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --perfetto FILE: the run table as a Chrome trace (Trace Event Format,
 * JSON object form), for ui.perfetto.dev and chrome://tracing. Each tree of
 * processes is a trace "process" named after its root; each process of it a
 * "thread" (tid = its pid), sorted in tree order and indented by depth, with
 * one complete slice ("X") per image from exec to end, and a flow arrow from
 * the parent's slice to it; a failed exec is an instant event ("i") on its
 * caller's thread. doc/trace-event.schema.json describes what is written.
 */
#ifndef EXECSNOOP_PERFETTO_H
#define EXECSNOOP_PERFETTO_H

#include "runlog.h"
#include "strbuf.h"

void perfetto_json(struct strbuf *sb, const struct run_table *t);

#endif /* EXECSNOOP_PERFETTO_H */
