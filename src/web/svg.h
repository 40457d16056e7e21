/* svg: charts drawn by the server as inline SVG for the web pages (the
 * dashboard and the city overview): grouped bars of counts, horizontal bars
 * of rates, one stacked share bar.
 * Owns: chart geometry, axis ticks, legends and the Vietnamese number forms
 * on them ("1.234", "98,5%", through hc_report_fmt_int/_rate so that charts,
 * pages and reports print numbers alike); every text is HTML-escaped.
 * Must not: read data or compute figures (callers pass the statistics
 * module's numbers), use style attributes (the CSP forbids inline style:
 * colours are classes of web/static/app.css).
 * Written by hand: three chart shapes are a few hundred lines, and a
 * charting library would need inline style or script. */
#ifndef HC_SVG_H
#define HC_SVG_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "domain/stats.h"

/* Limits: categories (bars, rows, parts) and series of a chart. */
#define HC_SVG_MAX_ITEMS 200
#define HC_SVG_MAX_SERIES 4

typedef struct hc_svg_series {
	const char *label; /* legend text, e.g. "Tiếp nhận" */
	const char *cls;   /* CSS class of the bars, e.g. "s1" */
	const int64_t *v;  /* one value per category, >= 0 */
} hc_svg_series;

/* Vertical bars: for each of n categories (cat[i] under the axis) one bar
 * per series side by side, a y axis with rounded ticks, a legend. title is
 * the accessible name. HC_EINVAL when n is 0 or past HC_SVG_MAX_ITEMS, nser
 * is 0 or past HC_SVG_MAX_SERIES, or a value is negative. */
int hc_svg_bars(hc_buf *out, const char *title, size_t n, const char *const *cat, size_t nser,
                const hc_svg_series *ser, hc_err *err);

/* Horizontal bars of rates (0..100%), one row per label: the label above
 * its bar, the rate and its fraction ("98,5% (197/200)") at the end; a row
 * without a denominator shows "—". Bars at or above good (0..1) have the
 * class "bar-ok", below it "bar-bad". Same limits as hc_svg_bars. */
int hc_svg_rates(hc_buf *out, const char *title, size_t n, const char *const *label,
                 const hc_rate *r, double good, hc_err *err);

/* One bar split in n parts proportional to v[i] (class cls[i]) with a
 * legend "label 1.234 (45,2%)". A total of zero draws an empty bar. */
int hc_svg_stack(hc_buf *out, const char *title, size_t n, const char *const *label,
                 const char *const *cls, const int64_t *v, hc_err *err);

#endif
