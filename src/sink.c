// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <unistd.h>
#include "sink.h"

void sink_init(struct sink *s, const struct options *o, uint64_t start_ns,
	       int64_t realtime_offset_ns, struct cgpath_cache *cgroups)
{
	sink_init_ops(s, o->json ? &json_sink : &text_sink, o, start_ns, realtime_offset_ns,
		      cgroups);
}

void sink_init_ops(struct sink *s, const struct sink_ops *ops, const struct options *o,
		   uint64_t start_ns, int64_t realtime_offset_ns, struct cgpath_cache *cgroups)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->opts = o;
	s->start_ns = start_ns;
	s->realtime_offset_ns = realtime_offset_ns;
	s->cgroups = cgroups;
	s->cached_sec = -1;
	s->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	if (s->ops->init)
		s->ops->init(s);
	sink_set_host(s, NULL);
}

void sink_set_host(struct sink *s, const struct host_ident *host)
{
	s->host = host;
	sb_reset(&s->host_json);
	if (s->ops->host)
		s->ops->host(s, &s->host_json);
}

void sink_release(struct sink *s)
{
	if (s->ops && s->ops->release)
		s->ops->release(s);
	sb_release(&s->scratch);
	sb_release(&s->host_json);
}
