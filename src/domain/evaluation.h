/* evaluation: the evaluation of how administrative procedures were handled
 * (đánh giá việc giải quyết TTHC) by the nine indicators of Circular
 * 01/2018/TT-VPCP (Art. 13–15, implementing Decree 61/2018/NĐ-CP Art. 31–33),
 * computed per dossier from haicap's own records, aggregated per unit and
 * per office or handler over a period (a quarter, a year, or any [from, to)),
 * and the classification of each office and handler.
 *
 * Owns: the per-dossier measure of every indicator (0, 1 or 2 points, or not
 * measured with a reason), the aggregation, the classification scale, the
 * period shorthands ("2026", "2026-Q1") and the JSON form shared by
 * `haicap evaluate --json` and GET /api/v1/evaluation.
 * Must not: count feedback itself (feedback.h owns those tables and gives
 * the per-dossier feedback summary), check permissions (callers do, through
 * perm.h), or invent a value for an indicator haicap cannot measure: such an
 * indicator is null with its reason and leaves the maximum.
 *
 * Indicators (Circular 01/2018/TT-VPCP, the nine indicators of the
 * evaluation form; 2 points each, 18 in all) and how haicap measures them:
 *   1 total_time    Tổng thời gian giải quyết so với quy định: early 2,
 *                   on time 1, late 0 (DESIGN §3.2, as stats.h classifies).
 *   2 office_time   Thời gian thực hiện của từng cơ quan, đơn vị tham gia:
 *                   not measured (haicap keeps no per-office time limits).
 *   3 contacts      Số lần phải liên hệ để hoàn thiện hồ sơ: supplement
 *                   requests 0 → 2, 1 → 1, 2 or more → 0.
 *   4 bodies        Số lượng cơ quan, đơn vị phải liên hệ: the receiving unit
 *                   decides → 2; another unit decides (liên thông) → 1.
 *   5 one_stop      Tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa:
 *                   received at the desk and the result returned there → 2;
 *                   the result not yet returned at j → not measured.
 *   6 publicity     Công khai TTHC: the procedure published by the day of
 *                   receipt with its legal basis and components → 2,
 *                   published but incomplete → 1, not published → 0.
 *   7 attitude      Thái độ của cán bộ: the applicant's rating of the dossier
 *                   (1–5) 4–5 → 2, 3 → 1, 1–2 → 0; no rating → not measured.
 *   8 feedback      Tiếp thu, giải trình PAKN about the dossier: any feedback
 *                   open past its answer due at j → 0, else any answered late
 *                   → 1, else 2; no feedback (or only refused) → not measured.
 *   9 online        Tiến độ và chất lượng dịch vụ công trực tuyến: online
 *                   dossiers only: late → 0, not late without an electronic
 *                   result → 1, not late with one → 2; other channels → not
 *                   measured.
 * Dossiers evaluated: those of the unit resolved in [from, to), judged at
 * j = min(to, now). */
#ifndef HC_EVALUATION_H
#define HC_EVALUATION_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

enum hc_eval_indicator {
	HC_EV_TOTAL_TIME,
	HC_EV_OFFICE_TIME,
	HC_EV_CONTACTS,
	HC_EV_BODIES,
	HC_EV_ONE_STOP,
	HC_EV_PUBLICITY,
	HC_EV_ATTITUDE,
	HC_EV_FEEDBACK,
	HC_EV_ONLINE,
	HC_EV_COUNT
};

const char *hc_evaluation_indicator_name(enum hc_eval_indicator i); /* "total_time" */

enum hc_eval_by { HC_EVAL_BY_NONE, HC_EVAL_BY_OFFICE, HC_EVAL_BY_HANDLER };
/* "office", "handler"; NULL or "" is none; anything else is HC_EINVAL "by" */
int hc_evaluation_by_parse(const char *s, enum hc_eval_by *out, hc_err *err);

/* "YYYY" (the year) or "YYYY-Qn" (quarter n): local days [from, to).
 * HC_EINVAL (field) otherwise; years 2000..2100. */
int hc_evaluation_period(const char *s, const char *field, int64_t *from_day, int64_t *to_day,
                         hc_err *err);

/* Classification of a score on the 18-point scale (scaled from the measured
 * indicators: score ÷ measured maximum × 18): xuat_sac ≥ 15, tot ≥ 12,
 * kha ≥ 9, trung_binh ≥ 6, yeu below. Returns the code; *label (when not
 * NULL) the Vietnamese label. */
const char *hc_evaluation_classify(double score18, const char **label);

/* The evaluation of unit_id's dossiers resolved in local days
 * [from_day, to_day) judged at now: the unit's summary and, with by, one
 * group per office or handler (the dossier's deciding office; its last
 * assigned handler). *out: new reference, caller decrefs. */
int hc_evaluation_report(hc_tx *tx, int64_t unit_id, int64_t from_day, int64_t to_day, int64_t now,
                         enum hc_eval_by by, json_t **out, hc_err *err);

#endif
