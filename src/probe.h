/* SPDX-License-Identifier: GPL-2.0 */
/* --probe: a report of what this kernel offers and which options work here. */
#ifndef EXECSNOOP_PROBE_H
#define EXECSNOOP_PROBE_H

#include <stdio.h>
#include "options.h"

/*
 * Probes the kernel's features, loads (and unloads) each option's programs,
 * and writes one line per finding to out (a JSON object with o->json).
 * Returns 0 if the core loads, 1 if it does not or out cannot be written,
 * 2 on a bad EXECSNOOP_FEATURES_OFF.
 */
int probe_report(const struct options *o, FILE *out);

#endif /* EXECSNOOP_PROBE_H */
