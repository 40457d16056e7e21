/* schema: the numbered migrations, applied in order at start (db.c).
 * Owns: every table definition. A migration, once released, is never
 * edited: change the schema by appending one. Every table carries unit_id
 * (DESIGN §2: tenant scoping and the future distribution key). Instants are
 * UTC epoch seconds (BIGINT); money is whole đồng (BIGINT). */
#include "db/db_int.h"

static const char *const migrations[] = {
    /* 1: units, staff, auth, catalog, dossiers, audit, idempotency */
    "CREATE TABLE units ("
    " id @ID@,"
    " unit_id BIGINT NOT NULL DEFAULT 0," /* = id; kept for uniform scoping */
    " code TEXT NOT NULL UNIQUE,"         /* national code (mã ĐVHC) */
    " identifier TEXT NOT NULL UNIQUE,"   /* prefix of receipt codes */
    " name TEXT NOT NULL,"
    " kind TEXT NOT NULL CHECK (kind IN ('xa','phuong','dac_khu','tinh')),"
    " province TEXT NOT NULL,"
    " office_hours TEXT NOT NULL DEFAULT '07:30-11:30,13:00-17:00',"
    " population BIGINT,"
    " area_m2 BIGINT,"
    " created_at BIGINT NOT NULL);"
    "CREATE TABLE offices ("
    " id @ID@,"
    " unit_id BIGINT NOT NULL REFERENCES units(id),"
    " code TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " UNIQUE (unit_id, code));"
    "CREATE TABLE staff ("
    " id @ID@,"
    " unit_id BIGINT NOT NULL REFERENCES units(id),"
    " office_id BIGINT REFERENCES offices(id),"
    " username TEXT NOT NULL UNIQUE,"
    " full_name TEXT NOT NULL,"
    " role TEXT NOT NULL CHECK (role IN ('reception','specialist','head','leader',"
    "   'clerk','supervisor','admin')),"
    " password_hash TEXT NOT NULL,"
    " active INTEGER NOT NULL DEFAULT 1,"
    " created_at BIGINT NOT NULL);"
    "CREATE TABLE auth_tokens ("
    " id @ID@,"
    " unit_id BIGINT NOT NULL REFERENCES units(id),"
    " staff_id BIGINT NOT NULL REFERENCES staff(id),"
    " token_hash TEXT NOT NULL UNIQUE," /* hex of a keyed hash; the token is never stored */
    " kind TEXT NOT NULL CHECK (kind IN ('session','api')),"
    " created_at BIGINT NOT NULL,"
    " expires_at BIGINT NOT NULL,"
    " last_used_at BIGINT NOT NULL);"
    "CREATE TABLE procedures ("
    " id @ID@,"
    " unit_id BIGINT NOT NULL REFERENCES units(id),"
    " code TEXT NOT NULL," /* mã TTHC */
    " name TEXT NOT NULL,"
    " name_fold TEXT NOT NULL," /* search key, see text.h */
    " field TEXT NOT NULL,"     /* lĩnh vực */
    " limit_kind TEXT NOT NULL CHECK (limit_kind IN ('d','h','sameday')),"
    " limit_value INTEGER NOT NULL,"
    " online_level TEXT NOT NULL CHECK (online_level IN ('full','partial','none')),"
    " fee BIGINT NOT NULL DEFAULT 0,"
    " supplement_policy TEXT NOT NULL DEFAULT 'reset'"
    "   CHECK (supplement_policy IN ('reset','pause')),"
    " office_id BIGINT REFERENCES offices(id)," /* deciding office */
    " boundary_free INTEGER NOT NULL DEFAULT 0,"
    " components TEXT NOT NULL DEFAULT '[]'," /* JSON array of component names */
    " legal_basis TEXT NOT NULL DEFAULT '',"
    " active INTEGER NOT NULL DEFAULT 1,"
    " UNIQUE (unit_id, code));"
    "CREATE TABLE counters ("
    " unit_id BIGINT NOT NULL,"
    " name TEXT NOT NULL,"
    " value BIGINT NOT NULL,"
    " PRIMARY KEY (unit_id, name));"
    "CREATE TABLE dossiers ("
    " id @ID@,"
    " unit_id BIGINT NOT NULL REFERENCES units(id)," /* receiving unit */
    " deciding_unit_id BIGINT NOT NULL REFERENCES units(id),"
    " code TEXT NOT NULL UNIQUE,"
    " secret_hash TEXT NOT NULL,"
    " procedure_id BIGINT NOT NULL REFERENCES procedures(id),"
    " channel TEXT NOT NULL CHECK (channel IN ('direct','online','postal')),"
    " status TEXT NOT NULL,"
    " applicant_name TEXT NOT NULL,"
    " applicant_fold TEXT NOT NULL,"
    " applicant_id_number TEXT NOT NULL DEFAULT '',"
    " applicant_phone TEXT NOT NULL DEFAULT '',"
    " applicant_address TEXT NOT NULL DEFAULT '',"
    " office_id BIGINT REFERENCES offices(id),"
    " handler_id BIGINT REFERENCES staff(id),"
    " received_at BIGINT NOT NULL,"
    " due_at BIGINT NOT NULL,"          /* current due instant (moves on supplement) */
    " original_due_at BIGINT NOT NULL," /* before any extension: used to classify */
    " extended_due_at BIGINT,"          /* the apology's new date, at most once */
    " supplement_count INTEGER NOT NULL DEFAULT 0,"
    " supplement_since BIGINT,"          /* when the current supplement wait began */
    " flags INTEGER NOT NULL DEFAULT 0," /* bit 1 late supplement request, bit 2 second */
    " finished_at BIGINT,"
    " outcome TEXT CHECK (outcome IN ('resolved','rejected','withdrawn')),"
    " returned_at BIGINT,"
    " fee BIGINT NOT NULL DEFAULT 0,"
    " fee_paid INTEGER NOT NULL DEFAULT 0,"
    " fee_paid_online INTEGER NOT NULL DEFAULT 0,"
    " digitized_input INTEGER NOT NULL DEFAULT 0,"
    " digitized_result INTEGER NOT NULL DEFAULT 0,"
    " e_result INTEGER NOT NULL DEFAULT 0,"
    " reused INTEGER NOT NULL DEFAULT 0,"
    " rating INTEGER,"
    " legacy INTEGER NOT NULL DEFAULT 0,"
    " note TEXT NOT NULL DEFAULT '',"
    " updated_at BIGINT NOT NULL);"
    "CREATE INDEX dossiers_unit_received ON dossiers (unit_id, received_at);"
    "CREATE INDEX dossiers_unit_finished ON dossiers (unit_id, finished_at);"
    "CREATE INDEX dossiers_unit_status ON dossiers (unit_id, status);"
    "CREATE INDEX dossiers_handler ON dossiers (handler_id, status);"
    "CREATE TABLE dossier_components ("
    " id @ID@,"
    " unit_id BIGINT NOT NULL,"
    " dossier_id BIGINT NOT NULL REFERENCES dossiers(id),"
    " name TEXT NOT NULL,"
    " digitized INTEGER NOT NULL DEFAULT 0,"
    " reused INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX dossier_components_dossier ON dossier_components (dossier_id);"
    "CREATE TABLE dossier_actions ("
    " id @ID@,"
    " unit_id BIGINT NOT NULL,"
    " dossier_id BIGINT NOT NULL REFERENCES dossiers(id),"
    " action TEXT NOT NULL,"
    " from_status TEXT NOT NULL,"
    " to_status TEXT NOT NULL,"
    " actor_id BIGINT,"
    " actor_name TEXT NOT NULL,"
    " at BIGINT NOT NULL,"
    " note TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX dossier_actions_dossier ON dossier_actions (dossier_id, id);"
    "CREATE TABLE audit ("
    " id @ID@,"
    " unit_id BIGINT NOT NULL,"
    " seq BIGINT NOT NULL," /* per-unit chain position */
    " at BIGINT NOT NULL,"
    " actor TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " object TEXT NOT NULL,"
    " detail TEXT NOT NULL DEFAULT '',"
    " prev_hash TEXT NOT NULL,"
    " hash TEXT NOT NULL,"
    " UNIQUE (unit_id, seq));"
    "CREATE TABLE idempotency ("
    " unit_id BIGINT NOT NULL,"
    " staff_id BIGINT NOT NULL,"
    " key TEXT NOT NULL,"
    " request_hash TEXT NOT NULL,"
    " status INTEGER NOT NULL,"
    " body TEXT NOT NULL,"
    " created_at BIGINT NOT NULL,"
    " PRIMARY KEY (unit_id, staff_id, key));"
    "CREATE TABLE calendar_days ("
    " unit_id BIGINT NOT NULL DEFAULT 0," /* 0: applies to every unit */
    " day TEXT NOT NULL,"                 /* YYYY-MM-DD */
    " kind TEXT NOT NULL CHECK (kind IN ('off','work')),"
    " reason TEXT NOT NULL,"
    " basis TEXT NOT NULL DEFAULT '',"
    " PRIMARY KEY (unit_id, day));",
    /* 2: citizens' feedback (phản ánh, kiến nghị) and its time rules */
    "CREATE TABLE feedback_rules ("
    " unit_id BIGINT NOT NULL DEFAULT 0," /* 0: applies to every unit */
    " step TEXT NOT NULL CHECK (step IN ('classify','refuse','ask','answer','publish')),"
    " anchor TEXT NOT NULL CHECK (anchor IN ('clock','answered')),"
    " time_limit TEXT NOT NULL," /* deadline.h grammar: "2d", "8h" */
    " basis TEXT NOT NULL DEFAULT '',"
    " PRIMARY KEY (unit_id, step));"
    "INSERT INTO feedback_rules (unit_id, step, anchor, time_limit, basis) VALUES"
    " (0, 'refuse', 'clock', '2d', 'Từ chối tiếp nhận trong 2 ngày làm việc'),"
    " (0, 'ask', 'clock', '5d', 'Yêu cầu bổ sung thông tin trong 5 ngày làm việc'),"
    " (0, 'classify', 'clock', '5d', 'Phân loại, thụ lý trong 5 ngày làm việc'),"
    " (0, 'answer', 'clock', '15d', 'Xử lý, trả lời trong 15 ngày làm việc'),"
    " (0, 'publish', 'answered', '2d', 'Công khai kết quả trong 2 ngày làm việc sau khi trả lời');"
    "CREATE TABLE feedback ("
    " id @ID@,"
    " unit_id BIGINT NOT NULL REFERENCES units(id),"
    " code TEXT NOT NULL UNIQUE," /* <identifier>-PA-YYMMDD-NNNN */
    " dossier_id BIGINT REFERENCES dossiers(id),"
    " procedure_id BIGINT REFERENCES procedures(id),"
    " sender_name TEXT NOT NULL,"
    " sender_phone TEXT NOT NULL DEFAULT '',"
    " sender_email TEXT NOT NULL DEFAULT '',"
    " sender_address TEXT NOT NULL DEFAULT '',"
    " channel TEXT NOT NULL CHECK (channel IN ('web','direct','phone','mail','hotline')),"
    " category TEXT NOT NULL,"
    " content TEXT NOT NULL,"
    " content_public INTEGER NOT NULL DEFAULT 0," /* sender agrees to publish the content */
    " status TEXT NOT NULL,"
    " received_at BIGINT NOT NULL,"
    " clock_at BIGINT NOT NULL," /* receipt, or the supplement's arrival */
    " classify_due_at BIGINT NOT NULL,"
    " refuse_due_at BIGINT NOT NULL,"
    " ask_due_at BIGINT NOT NULL,"
    " answer_due_at BIGINT NOT NULL,"
    " classified_at BIGINT,"
    " refused_at BIGINT,"
    " asked_at BIGINT,"
    " supplemented_at BIGINT,"
    " answered_at BIGINT,"
    " answer TEXT NOT NULL DEFAULT '',"
    " publish_due_at BIGINT,"
    " published_at BIGINT,"
    " flags INTEGER NOT NULL DEFAULT 0," /* late steps, feedback.h HC_FBF_* */
    " updated_at BIGINT NOT NULL);"
    "CREATE INDEX feedback_unit_received ON feedback (unit_id, received_at);"
    "CREATE INDEX feedback_unit_status ON feedback (unit_id, status);"
    "CREATE INDEX feedback_unit_published ON feedback (unit_id, published_at);"
    "CREATE TABLE feedback_actions ("
    " id @ID@,"
    " unit_id BIGINT NOT NULL,"
    " feedback_id BIGINT NOT NULL REFERENCES feedback(id),"
    " action TEXT NOT NULL,"
    " from_status TEXT NOT NULL,"
    " to_status TEXT NOT NULL,"
    " actor_id BIGINT,"
    " actor_name TEXT NOT NULL,"
    " at BIGINT NOT NULL,"
    " due_at BIGINT,"   /* the step's due instant, NULL when the step has none */
    " on_time INTEGER," /* 1 done by due_at, 0 late, NULL without a due */
    " note TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX feedback_actions_feedback ON feedback_actions (feedback_id, id);",
    /* 3: when a procedure's legal basis takes effect and when the procedure
     * was published (công bố), local dates YYYY-MM-DD, NULL when unknown;
     * read by the Decision 766 publicity indicators (index766.c) */
    ("ALTER TABLE procedures ADD COLUMN effective_on TEXT;"
     "ALTER TABLE procedures ADD COLUMN published_on TEXT;"),
    /* 4: files of dossiers submitted online (upload.h): one row per file,
     * the content base64 in TEXT so that both backends, backups and
     * restores carry it unchanged; committed with the dossier */
    "CREATE TABLE dossier_files ("
    " id @ID@,"
    " unit_id BIGINT NOT NULL,"
    " dossier_id BIGINT NOT NULL REFERENCES dossiers(id),"
    " component INTEGER NOT NULL," /* index in the procedure's components */
    " component_name TEXT NOT NULL,"
    " filename TEXT NOT NULL,"
    " content_type TEXT NOT NULL," /* from the file's first bytes */
    " size BIGINT NOT NULL,"
    " content_b64 TEXT NOT NULL,"
    " created_at BIGINT NOT NULL);"
    "CREATE INDEX dossier_files_dossier ON dossier_files (unit_id, dossier_id);",
    /* 5: the desk's recall of an applicant by ID number (dossier.h
     * hc_dossier_applicant_recall): the unit's latest dossier of a number */
    "CREATE INDEX dossiers_unit_applicant ON dossiers"
    " (unit_id, applicant_id_number, received_at);",
    /* 6: the inbox counts (dossier.h hc_dossier_inbox_counts) read the
     * unfinished dossiers a unit receives or decides: with
     * dossiers_unit_finished, both sides of the scope are index ranges */
    "CREATE INDEX dossiers_deciding_finished ON dossiers (deciding_unit_id, finished_at);",
};

int hc_schema_migrations(const char *const **out)
{
	*out = migrations;
	return (int)(sizeof migrations / sizeof migrations[0]);
}
