#include "web/svg.h"

#include <string.h>

#include "domain/report.h"
#include "web/tmpl.h"

#define W 460      /* the rate and share charts sit in half-width panels */
#define W_WIDE 960 /* the bar chart fills a page-wide panel */
#define FONT "font-size=\"12\""

static int check(size_t n, size_t nser, hc_err *err)
{
	if (n == 0 || n > HC_SVG_MAX_ITEMS)
		return hc_err_set(err, HC_EINVAL, NULL, "Biểu đồ không có số liệu hoặc quá lớn",
		                  "chart with %zu items", n);
	if (nser == 0 || nser > HC_SVG_MAX_SERIES)
		return hc_err_set(err, HC_EINVAL, NULL, "Biểu đồ có quá nhiều chuỗi số liệu",
		                  "chart with %zu series", nser);
	return HC_OK;
}

static void open_svg(hc_buf *out, const char *title, int w, int h)
{
	hc_buf_printf(
	    out,
	    "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	    "role=\"img\" aria-label=\"",
	    w, h);
	hc_html_escape(out, title);
	hc_buf_puts(out, "\"><title>");
	hc_html_escape(out, title);
	hc_buf_puts(out, "</title>");
}

static int close_svg(hc_buf *out, hc_err *err)
{
	if (hc_buf_puts(out, "</svg>"))
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "svg: no memory");
	return HC_OK;
}

/* The smallest 1, 2 or 5 × 10^k at or above v (v >= 1). */
static int64_t nice_ceil(int64_t v)
{
	int64_t p = 1;
	while (p <= INT64_MAX / 10 && p * 10 <= v)
		p *= 10;
	if (v <= p)
		return p;
	if (v <= 2 * p)
		return 2 * p;
	if (v <= 5 * p)
		return 5 * p;
	return 10 * p;
}

int hc_svg_bars(hc_buf *out, const char *title, size_t n, const char *const *cat, size_t nser,
                const hc_svg_series *ser, hc_err *err)
{
	int rc = check(n, nser, err);
	if (rc)
		return rc;
	int64_t max = 0;
	for (size_t s = 0; s < nser; s++)
		for (size_t i = 0; i < n; i++) {
			if (ser[s].v[i] < 0)
				return hc_err_set(err, HC_EINVAL, NULL,
				                  "Số liệu biểu đồ không hợp lệ", "negative bar");
			if (ser[s].v[i] > max)
				max = ser[s].v[i];
		}
	/* the axis top divides into 4 ticks of whole numbers */
	int64_t top = 4 * nice_ceil(max / 4 + (max % 4 != 0) + (max == 0));
	const int left = 64, right = 8, ptop = 30, plot_h = 200, h = ptop + plot_h + 28;
	const double plot_w = W_WIDE - left - right, group = plot_w / (double)n;
	const double bar = group * 0.8 / (double)nser;
	char a[HC_REPORT_NUM_BUF], b[HC_REPORT_NUM_BUF];
	open_svg(out, title, W_WIDE, h);
	/* legend */
	double lx = left;
	for (size_t s = 0; s < nser; s++) {
		hc_buf_printf(out,
		              "<rect class=\"%s\" x=\"%.1f\" y=\"6\" width=\"12\" height=\"12\"/>",
		              ser[s].cls, lx);
		hc_buf_printf(out, "<text x=\"%.1f\" y=\"16\" " FONT ">", lx + 16);
		hc_html_escape(out, ser[s].label);
		hc_buf_puts(out, "</text>");
		lx += 40 + 8.0 * (double)strlen(ser[s].label);
	}
	/* y axis: 0, top/4, ..., top */
	for (int t = 0; t <= 4; t++) {
		double y = ptop + plot_h - (double)plot_h * t / 4.0;
		hc_buf_printf(out,
		              "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
		              "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" " FONT
		              ">%s</text>",
		              left, y, W_WIDE - right, y, left - 6, y + 4,
		              hc_report_fmt_int(top / 4 * t, a));
	}
	for (size_t i = 0; i < n; i++) {
		double gx = left + group * (double)i + group * 0.1;
		for (size_t s = 0; s < nser; s++) {
			double bh = (double)plot_h * (double)ser[s].v[i] / (double)top;
			hc_buf_printf(out,
			              "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			              "height=\"%.1f\"><title>",
			              ser[s].cls, gx + bar * (double)s, ptop + plot_h - bh, bar,
			              bh);
			hc_html_escape(out, cat[i]);
			hc_buf_puts(out, " · ");
			hc_html_escape(out, ser[s].label);
			hc_buf_printf(out, ": %s</title></rect>",
			              hc_report_fmt_int(ser[s].v[i], b));
		}
		hc_buf_printf(
		    out,
		    "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" " FONT ">",
		    left + group * ((double)i + 0.5), ptop + plot_h + 18);
		hc_html_escape(out, cat[i]);
		hc_buf_puts(out, "</text>");
	}
	hc_buf_printf(out, "<line class=\"axis-line\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
	              left, ptop + plot_h, W_WIDE - right, ptop + plot_h);
	return close_svg(out, err);
}

int hc_svg_rates(hc_buf *out, const char *title, size_t n, const char *const *label,
                 const hc_rate *r, double good, hc_err *err)
{
	int rc = check(n, 1, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (r[i].num < 0 || r[i].den < 0 || r[i].num > r[i].den)
			return hc_err_set(err, HC_EINVAL, NULL, "Số liệu biểu đồ không hợp lệ",
			                  "rate out of range");
	const int row = 40, label_w = 0, bar_w = W - 150;
	int h = row * (int)n + 4;
	char a[HC_REPORT_NUM_BUF], b[HC_REPORT_NUM_BUF], c[HC_REPORT_NUM_BUF];
	open_svg(out, title, W, h);
	for (size_t i = 0; i < n; i++) {
		int y = row * (int)i;
		hc_buf_printf(out, "<text x=\"%d\" y=\"%d\" " FONT ">", label_w, y + 13);
		hc_html_escape(out, label[i]);
		hc_buf_puts(out, "</text>");
		hc_buf_printf(out,
		              "<rect class=\"track\" x=\"0\" y=\"%d\" width=\"%d\" height=\"16\"/>",
		              y + 18, bar_w);
		if (r[i].den > 0) {
			double f = (double)r[i].num / (double)r[i].den;
			hc_buf_printf(out,
			              "<rect class=\"%s\" x=\"0\" y=\"%d\" width=\"%.1f\" "
			              "height=\"16\"/>",
			              f >= good ? "bar-ok" : "bar-bad", y + 18, (double)bar_w * f);
			hc_buf_printf(
			    out,
			    "<text class=\"value\" x=\"%d\" y=\"%d\" " FONT ">%s (%s/%s)</text>",
			    bar_w + 8, y + 31, hc_report_fmt_rate(r[i], a),
			    hc_report_fmt_int(r[i].num, b), hc_report_fmt_int(r[i].den, c));
		} else {
			hc_buf_printf(out,
			              "<text class=\"value\" x=\"%d\" y=\"%d\" " FONT ">—</text>",
			              bar_w + 8, y + 31);
		}
	}
	return close_svg(out, err);
}

int hc_svg_stack(hc_buf *out, const char *title, size_t n, const char *const *label,
                 const char *const *cls, const int64_t *v, hc_err *err)
{
	int rc = check(n, 1, err);
	if (rc)
		return rc;
	int64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < 0 || v[i] > INT64_MAX - total)
			return hc_err_set(err, HC_EINVAL, NULL, "Số liệu biểu đồ không hợp lệ",
			                  "stack part out of range");
		total += v[i];
	}
	const int bar_h = 28, leg = 22;
	int h = bar_h + 12 + leg * (int)n;
	char a[HC_REPORT_NUM_BUF], b[HC_REPORT_NUM_BUF];
	open_svg(out, title, W, h);
	hc_buf_printf(out, "<rect class=\"track\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\"/>", W,
	              bar_h);
	double x = 0;
	for (size_t i = 0; i < n && total > 0; i++) {
		double w = (double)W * (double)v[i] / (double)total;
		hc_buf_printf(
		    out,
		    "<rect class=\"%s\" x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\"><title>",
		    cls[i], x, w, bar_h);
		hc_html_escape(out, label[i]);
		hc_buf_printf(out, ": %s (%s)</title></rect>", hc_report_fmt_int(v[i], a),
		              hc_report_fmt_rate((hc_rate){v[i], total}, b));
		x += w;
	}
	for (size_t i = 0; i < n; i++) {
		int y = bar_h + 12 + leg * (int)i;
		hc_buf_printf(out,
		              "<rect class=\"%s\" x=\"0\" y=\"%d\" width=\"12\" height=\"12\"/>",
		              cls[i], y);
		hc_buf_printf(out, "<text x=\"18\" y=\"%d\" " FONT ">", y + 11);
		hc_html_escape(out, label[i]);
		hc_buf_printf(out, " %s (%s)</text>", hc_report_fmt_int(v[i], a),
		              total ? hc_report_fmt_rate((hc_rate){v[i], total}, b) : "—");
	}
	return close_svg(out, err);
}
