#include "web/tmpl.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/embed.h"

#define NAME_MAX_LEN 48

void hc_html_escape(hc_buf *out, const char *s)
{
	const char *run = s;
	for (; s && *s; s++) {
		const char *rep;
		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		hc_buf_append(out, run, (size_t)(s - run));
		hc_buf_puts(out, rep);
		run = s + 1;
	}
	if (s)
		hc_buf_append(out, run, (size_t)(s - run));
}

typedef struct render {
	const json_t *scope[HC_TMPL_DEPTH + 3];
	int nscope;
	hc_buf *out;
	hc_err *err;
} render;

/* One parsed tag "{{...}}" starting at p. */
typedef struct tag {
	char kind; /* 'v' variable, '&', '#', '^', '/', '!' */
	char name[NAME_MAX_LEN + 1];
	const char *start, *end; /* the whole tag */
} tag;

static int bad(render *r, const char *what, const char *at, const char *base)
{
	return hc_err_set(r->err, HC_EINTERNAL, NULL, "Lỗi hệ thống", "template: %s at byte %td",
	                  what, at - base);
}

/* Finds the next tag in [p, end); false when none. */
static int next_tag(render *r, const char *base, const char *p, const char *end, tag *t,
                    bool *found)
{
	*found = false;
	const char *o = NULL;
	for (const char *s = p; s + 1 < end; s++)
		if (s[0] == '{' && s[1] == '{') {
			o = s;
			break;
		}
	if (!o)
		return HC_OK;
	const char *c = NULL;
	for (const char *s = o + 2; s + 1 < end; s++)
		if (s[0] == '}' && s[1] == '}') {
			c = s;
			break;
		}
	if (!c)
		return bad(r, "unclosed tag", o, base);
	t->start = o;
	t->end = c + 2;
	const char *n = o + 2;
	t->kind = 'v';
	if (n < c && strchr("&#^/!", *n))
		t->kind = *n++;
	if (t->kind == '!') {
		t->name[0] = '\0';
		*found = true;
		return HC_OK;
	}
	size_t len = (size_t)(c - n);
	if (len == 0 || len > NAME_MAX_LEN)
		return bad(r, "bad tag name", o, base);
	for (size_t i = 0; i < len; i++) {
		char ch = n[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_'))
			return bad(r, "bad tag name", o, base);
	}
	memcpy(t->name, n, len);
	t->name[len] = '\0';
	*found = true;
	return HC_OK;
}

static const json_t *lookup(const render *r, const char *name)
{
	for (int i = r->nscope - 1; i >= 0; i--) {
		const json_t *v = json_object_get(r->scope[i], name);
		if (v)
			return v;
	}
	return NULL;
}

static bool truthy(const json_t *v)
{
	if (!v)
		return false;
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0;
	case JSON_TRUE:
		return true;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_OBJECT:
		return json_object_size(v) > 0;
	default:
		return false;
	}
}

static void emit(render *r, const json_t *v, bool raw)
{
	if (!v)
		return;
	char num[64];
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (raw)
			hc_buf_append(r->out, json_string_value(v), json_string_length(v));
		else
			hc_html_escape(r->out, json_string_value(v));
		break;
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		hc_buf_puts(r->out, num);
		break;
	case JSON_REAL:
		snprintf(num, sizeof num, "%g", json_real_value(v));
		hc_buf_puts(r->out, num);
		break;
	default:
		break;
	}
}

static int run(render *r, const char *base, const char *p, const char *end, int depth);

/* Finds the {{/name}} closing the section opened by t; sets *body_end (start
 * of the close tag) and *after (its end). */
static int find_close(render *r, const char *base, const tag *open, const char *end,
                      const char **body_end, const char **after)
{
	int level = 0;
	const char *p = open->end;
	for (;;) {
		tag t;
		bool found;
		int rc = next_tag(r, base, p, end, &t, &found);
		if (rc)
			return rc;
		if (!found)
			return bad(r, "unclosed section", open->start, base);
		if (t.kind == '#' || t.kind == '^') {
			level++;
		} else if (t.kind == '/') {
			if (level == 0) {
				if (strcmp(t.name, open->name) != 0)
					return bad(r, "mismatched section close", t.start, base);
				*body_end = t.start;
				*after = t.end;
				return HC_OK;
			}
			level--;
		}
		p = t.end;
	}
}

static int section(render *r, const char *base, const tag *t, const char *b, const char *e,
                   int depth)
{
	const json_t *v = lookup(r, t->name);
	if (t->kind == '^')
		return truthy(v) ? HC_OK : run(r, base, b, e, depth + 1);
	if (!truthy(v))
		return HC_OK;
	if (json_is_array(v)) {
		size_t i;
		const json_t *item;
		json_array_foreach(v, i, item)
		{
			bool push = json_is_object(item);
			if (push)
				r->scope[r->nscope++] = item;
			int rc = run(r, base, b, e, depth + 1);
			if (push)
				r->nscope--;
			if (rc)
				return rc;
		}
		return HC_OK;
	}
	bool push = json_is_object(v);
	if (push)
		r->scope[r->nscope++] = v;
	int rc = run(r, base, b, e, depth + 1);
	if (push)
		r->nscope--;
	return rc;
}

static int run(render *r, const char *base, const char *p, const char *end, int depth)
{
	if (depth > HC_TMPL_DEPTH)
		return bad(r, "sections nested too deep", p, base);
	while (p < end) {
		tag t;
		bool found;
		int rc = next_tag(r, base, p, end, &t, &found);
		if (rc)
			return rc;
		if (!found) {
			hc_buf_append(r->out, p, (size_t)(end - p));
			break;
		}
		hc_buf_append(r->out, p, (size_t)(t.start - p));
		p = t.end;
		switch (t.kind) {
		case 'v':
			emit(r, lookup(r, t.name), false);
			break;
		case '&':
			emit(r, lookup(r, t.name), true);
			break;
		case '!':
			break;
		case '/':
			return bad(r, "close without open", t.start, base);
		default: {
			const char *b_end = NULL, *after = NULL;
			if ((rc = find_close(r, base, &t, end, &b_end, &after)) ||
			    (rc = section(r, base, &t, t.end, b_end, depth)))
				return rc;
			p = after;
		}
		}
		if (r->out->failed)
			return hc_err_set(r->err, HC_ETOOBIG, NULL, "Trang quá lớn",
			                  "template output over its limit");
	}
	return HC_OK;
}

int hc_tmpl_render_text(const char *tpl, size_t n, const json_t *data, hc_buf *out, hc_err *err)
{
	if (n > HC_TMPL_MAX)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi hệ thống",
		                  "template of %zu bytes over the limit", n);
	if (!out->cap_limit || out->cap_limit > HC_TMPL_OUT_MAX)
		out->cap_limit = HC_TMPL_OUT_MAX;
	render r = {.nscope = 0, .out = out, .err = err};
	if (data)
		r.scope[r.nscope++] = data;
	int rc = run(&r, tpl, tpl, tpl + n, 0);
	if (!rc && out->failed)
		rc = hc_err_set(err, HC_ETOOBIG, NULL, "Trang quá lớn", "template output too big");
	return rc;
}

int hc_tmpl_render(const char *name, const json_t *data, hc_buf *out, hc_err *err)
{
	char path[160];
	int k = snprintf(path, sizeof path, "web/templates/%s.html", name);
	const hc_embed_file *f = k > 0 && (size_t)k < sizeof path ? hc_embed_find(path) : NULL;
	if (!f)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi hệ thống", "no template '%s'",
		                  name);
	int rc = hc_tmpl_render_text(f->data, f->len, data, out, err);
	if (rc && err)
		snprintf(err->detail + strnlen(err->detail, sizeof err->detail - 1),
		         sizeof err->detail - strnlen(err->detail, sizeof err->detail - 1), " (%s)",
		         name);
	return rc;
}
