/* embed: files carried inside the binary (data/, web/), generated at build
 * time by tools/embed.c. Owns: lookup by name. Contents are read-only,
 * NUL-terminated, and live for the whole program. */
#ifndef HC_EMBED_H
#define HC_EMBED_H

#include <stddef.h>

typedef struct hc_embed_file {
	const char *name; /* "data/calendar/VN-2026.tsv" */
	const char *data;
	size_t len;
} hc_embed_file;

/* Every embedded file (generated). */
const hc_embed_file *hc_embed_list(size_t *count);
/* The named file, or NULL. */
const hc_embed_file *hc_embed_find(const char *name);

#endif
