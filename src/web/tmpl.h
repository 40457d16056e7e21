/* tmpl: HTML templates for the web pages, embedded in the binary at build
 * time (web/templates/NAME.html through tools/embed.c).
 * Owns: the template syntax, HTML escaping and rendering into a buffer.
 * Must not: know about HTTP, sessions, storage or domain rules.
 *
 * The data of a page is a JSON object (jansson), so handlers build it with
 * the same calls they use for API replies. Syntax, kept minimal:
 *   {{name}}          the value of name, HTML-escaped (strings, integers,
 *                     reals; true prints nothing, null/absent print nothing)
 *   {{&name}}         the value unescaped: only for HTML this program built
 *                     itself (the layout's page body)
 *   {{#name}}..{{/name}}  an array: the block once per element, whose
 *                     members are looked up first (then the enclosing
 *                     objects); any other truthy value (true, non-empty
 *                     string, non-zero number, non-empty object): the block
 *                     once, with an object pushed as scope
 *   {{^name}}..{{/name}}  the block when name is falsy or absent
 *   {{!comment}}
 * Names are [A-Za-z0-9_]{1,48}. Limits: template HC_TMPL_MAX bytes, section
 * nesting HC_TMPL_DEPTH, output HC_TMPL_OUT_MAX bytes. Errors are
 * HC_EINTERNAL (a template is the program's own text) or HC_ETOOBIG.
 * Written by hand: a dozen lines of mustache are all the pages need, and no
 * Debian C template library escapes by default. */
#ifndef HC_TMPL_H
#define HC_TMPL_H

#include <jansson.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define HC_TMPL_MAX (256 * 1024)
#define HC_TMPL_DEPTH 8
#define HC_TMPL_OUT_MAX (8 * 1024 * 1024)

/* Appends s with & < > " ' replaced by entities. */
void hc_html_escape(hc_buf *out, const char *s);

/* Renders the template text tpl[0..n) with data (an object, may be NULL)
 * and appends to out. On error out may hold partial output. */
int hc_tmpl_render_text(const char *tpl, size_t n, const json_t *data, hc_buf *out, hc_err *err);

/* Renders the embedded template "web/templates/<name>.html". HC_EINTERNAL
 * when it does not exist. */
int hc_tmpl_render(const char *name, const json_t *data, hc_buf *out, hc_err *err);

#endif
