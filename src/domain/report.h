/* report: the periodic report of a commune (báo cáo định kỳ) built once from
 * live data into a layout-free model: the Decree 30/2020 (Appendix I) header
 * parts, sections of Vietnamese prose generated from the figures, and tables
 * of typed cells (text, integer, percentage). Writers (src/report/) lay the
 * model out as DOCX, XLSX, ...; they never read data.
 *
 * Owns: the choice and order of sections (a table of section builders in
 * report.c: a new section is one builder function and one row), the wording
 * of the prose, the Vietnamese number format (1.234; 98,5%) and the model's
 * memory.
 * Must not: count anything itself: dossier figures come from stats.h
 * (hc_stats_compute), the index from index766.h, feedback from feedback.h,
 * the catalog from procedure.h; must not open transactions (the caller owns
 * tx), read the clock, check permissions (callers do, through perm.h) or
 * know any file format. */
#ifndef HC_REPORT_H
#define HC_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/feedback.h"
#include "domain/stats.h"
#include "domain/unit.h"

/* Hard limits of a model (a builder past them fails with HC_ETOOBIG). */
#define HC_REPORT_MAX_SECTIONS 32
#define HC_REPORT_MAX_BLOCKS 64  /* per section */
#define HC_REPORT_MAX_COLS 8     /* per table */
#define HC_REPORT_MAX_ROWS 1000  /* per table, header row included */
#define HC_REPORT_SHEET_MAX 31   /* characters of a sheet name (XLSX limit) */
#define HC_REPORT_TEXT_MAX 65536 /* bytes of one paragraph or cell */

enum hc_report_cell_kind {
	HC_RCELL_TEXT,    /* text */
	HC_RCELL_INT,     /* integer value */
	HC_RCELL_PERCENT, /* num / den; no value ("-") when den == 0 */
	HC_RCELL_POINTS,  /* index points: value in hundredths (85,32) */
};

typedef struct hc_report_cell {
	enum hc_report_cell_kind kind;
	const char *text; /* TEXT: owned by the report */
	int64_t value;    /* INT; POINTS in hundredths */
	hc_rate rate;     /* PERCENT */
	bool bold;        /* a total row or the header */
} hc_report_cell;

typedef struct hc_report_table {
	const char *title;              /* "Bảng 1. ..." shown above the table */
	const char *sheet;              /* ≤ HC_REPORT_SHEET_MAX characters, none of []:*?/\ */
	int ncols, nrows;               /* row 0 is the header row */
	int widths[HC_REPORT_MAX_COLS]; /* relative column widths (sum 100) */
	hc_report_cell *cells;          /* nrows × ncols, row-major */
} hc_report_table;

enum hc_report_block_kind {
	HC_RBLOCK_HEADING,   /* "1. Tiếp nhận hồ sơ" inside a section */
	HC_RBLOCK_PARAGRAPH, /* prose */
	HC_RBLOCK_TABLE,
};

typedef struct hc_report_block {
	enum hc_report_block_kind kind;
	const char *text;       /* HEADING, PARAGRAPH */
	hc_report_table *table; /* TABLE */
} hc_report_block;

typedef struct hc_report_section {
	const char *key;   /* "dossiers", "catalog", ... */
	const char *title; /* "I. KẾT QUẢ GIẢI QUYẾT ..." (numbered by the model) */
	int nblocks;
	hc_report_block blocks[HC_REPORT_MAX_BLOCKS];
} hc_report_section;

typedef struct hc_report_arena hc_report_arena; /* private */

typedef struct hc_report {
	/* Decree 30/2020 Appendix I header */
	const char *superior;   /* "UBND THÀNH PHỐ HẢI PHÒNG" */
	const char *issuer[2];  /* "ỦY BAN NHÂN DÂN", "PHƯỜNG TRẦN LIỄU" */
	const char *nation;     /* "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" */
	const char *motto;      /* "Độc lập - Tự do - Hạnh phúc" (underlined) */
	const char *number;     /* "Số: ....../BC-UBND" */
	const char *place_date; /* "Trần Liễu, ngày 16 tháng 3 năm 2026" */
	const char *doc_type;   /* "BÁO CÁO" */
	const char *summary;    /* trích yếu */
	const char *intro;      /* opening paragraph */
	int nsections;
	hc_report_section sections[HC_REPORT_MAX_SECTIONS];
	const char *closing; /* closing paragraph */
	const char *sign[2]; /* "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"; the name stays blank */
	int nrecipients;
	const char *recipients[8]; /* "Nơi nhận:" list, "- UBND thành phố;" ... */
	/* the figures the sections were written from (kept for callers and tests) */
	hc_unit unit;
	int64_t from_day, to_day; /* local days, [from, to) */
	hc_stats stats;
	hc_feedback_counts feedback;
	bool has_index;           /* false when no index table version covers the period */
	double index_total;       /* points of 100 */
	int index_rank, index_of; /* position among the units of the province */
	hc_report_arena *arena;   /* every string and table above */
} hc_report;

typedef struct hc_report_params {
	int64_t unit_id;
	int64_t from_day, to_day; /* local days, [from, to): to is the day after the last */
	int64_t report_day;       /* the date line (local day) */
	int64_t now;              /* judging instant for pending dossiers */
} hc_report_params;

/* Builds the report of one unit inside tx (read only). *out is the caller's,
 * released with hc_report_free (also after a failure). Errors: HC_EINVAL for
 * an empty or reversed period (field "to"), the errors of the modules the
 * figures come from. */
int hc_report_build(hc_tx *tx, const hc_report_params *p, hc_report *out, hc_err *err);
void hc_report_free(hc_report *r);

/* Cell of table t at row, col (no bounds beyond the table: callers iterate
 * within nrows × ncols). */
const hc_report_cell *hc_report_cell_at(const hc_report_table *t, int row, int col);

/* Vietnamese number formats used in the prose and in the DOCX cells:
 * 1234567 -> "1.234.567"; a rate -> "98,5%" (at most two decimals, trailing
 * zeros dropped; "-" when den == 0). buf of at least HC_REPORT_NUM_BUF. */
#define HC_REPORT_NUM_BUF 32
char *hc_report_fmt_int(int64_t v, char buf[HC_REPORT_NUM_BUF]);
char *hc_report_fmt_rate(hc_rate r, char buf[HC_REPORT_NUM_BUF]);
/* Whether s can name a spreadsheet sheet: 1..31 characters, none of
 * [ ] : * ? / \, not starting or ending with an apostrophe. */
bool hc_report_sheet_name_valid(const char *s);
/* Text of a cell as shown in print (TEXT as is, INT and PERCENT formatted
 * as above) into buf. */
const char *hc_report_cell_text(const hc_report_cell *c, char buf[HC_REPORT_NUM_BUF]);

#endif
