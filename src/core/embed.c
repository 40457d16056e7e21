#include "core/embed.h"

#include <string.h>

const hc_embed_file *hc_embed_find(const char *name)
{
	size_t n;
	const hc_embed_file *f = hc_embed_list(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			return &f[i];
	return NULL;
}
