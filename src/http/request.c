#include "http/request.h"

#include <stdlib.h>
#include <string.h>

void hc_request_init(hc_request *rq, hc_app *app)
{
	memset(rq, 0, sizeof *rq);
	rq->app = app;
	rq->route_index = -1;
}

void hc_request_clear(hc_request *rq)
{
	json_decref(rq->json);
	rq->json = NULL;
	free(rq->upload);
	rq->upload = NULL;
	if (rq->parsed && rq->parsed_free)
		rq->parsed_free(rq->parsed);
	rq->parsed = NULL;
	rq->parsed_free = NULL;
	hc_reply_clear(&rq->reply);
	hc_tx_rollback(rq->read_tx);
	rq->read_tx = NULL;
}

const char *hc_request_param(const hc_request *rq, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < rq->nparams; i++) {
		const char *p = rq->param_names[i];
		if (strncmp(p, name, n) == 0 && p[n] == '}')
			return rq->param_values[i];
	}
	return NULL;
}
