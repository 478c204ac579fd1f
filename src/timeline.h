/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --timeline FILE.svg: the run table drawn as a Gantt chart, one row per
 * process in tree order (each under its parent), one bar from its exec to
 * its end. The layout (which process gets which row, the scale, what is
 * folded) is computed apart from the drawing, so that it can be tested.
 */
#ifndef EXECSNOOP_TIMELINE_H
#define EXECSNOOP_TIMELINE_H

#include <stdint.h>
#include "runlog.h"
#include "strbuf.h"

#define TL_PLOT_W	1600	/* px the whole run spans */
#define TL_FOLDED	UINT32_MAX	/* row[i]: drawn on an ancestor's row */
#define TL_LABEL_MAX	48	/* bytes of a bar's label (program and key argument) */
#define TL_TITLE_ARGS	1024	/* bytes of a command line a hover title shows */

/*
 * Folding: a process gets no row of its own when its bar would be narrower
 * than one pixel, it has no row-owning child, it has a parent, and it
 * neither failed (exit code != 0) nor was killed by a signal. It is counted
 * on its nearest ancestor with a row ("+N short"), and marked there by a
 * tick at its start.
 */
struct tl_layout {
	uint64_t t0;		/* the run's first time: x = 0 */
	uint64_t span_ns;	/* to the run's last time: x = plot_w */
	double ns_per_px;
	uint32_t plot_w;
	uint32_t nprocs;
	uint32_t *row;		/* per record: its row, or TL_FOLDED */
	uint32_t *host;		/* per record: the record whose row it is drawn on */
	uint32_t *folded;	/* per record: processes folded into its row */
	uint32_t *depth;	/* per record: parents above it (0: a root) */
	uint32_t *order;	/* per row: its record, in tree order */
	uint32_t nrows;
	uint32_t nfolded;
};

/* plot_w 0: rows in tree order, nothing folded, no scale (--perfetto's order) */
void tl_layout(struct tl_layout *l, const struct run_table *t, uint32_t plot_w);
void tl_layout_release(struct tl_layout *l);

/* x of time ns, in px from the plot's left edge */
static inline double tl_x(const struct tl_layout *l, uint64_t ns)
{
	return ns <= l->t0 ? 0.0 : (double)(ns - l->t0) / l->ns_per_px;
}

/* The time between axis ticks: 1, 2 or 5 times a power of ten ns, at least min_px apart. */
uint64_t tl_tick_step(double ns_per_px, double min_px);

/* A tick's label: "0", "250 ms", "1.5 s", "20 us", "2 min". */
void tl_add_time(struct strbuf *sb, uint64_t ns);

/*
 * The argument that tells one run of a program from the next: the script of
 * "-c SCRIPT"; else the first argument naming a source file (by its
 * extension); else the last argument not starting with '-'. Sets *arg, *n;
 * false if there is none.
 */
bool tl_key_arg(const char *args, size_t len, const char **arg, size_t *n);

/* The whole SVG document for t. */
void tl_svg(struct strbuf *sb, const struct run_table *t);

#endif /* EXECSNOOP_TIMELINE_H */
