/* actor: who is acting. Owns: the role enum, its names, and the actor value
 * the HTTP layer and the CLI pass to every domain function. Plain data. */
#ifndef HC_ACTOR_H
#define HC_ACTOR_H

#include <stdbool.h>
#include <stdint.h>

enum hc_role {
	HC_ROLE_RECEPTION,  /* cán bộ một cửa */
	HC_ROLE_SPECIALIST, /* chuyên viên */
	HC_ROLE_HEAD,       /* trưởng, phó phòng; giám đốc TTPVHCC */
	HC_ROLE_LEADER,     /* Chủ tịch, Phó Chủ tịch UBND */
	HC_ROLE_CLERK,      /* văn thư */
	HC_ROLE_SUPERVISOR, /* Sở Nội vụ, VP UBND thành phố: reads every unit */
	HC_ROLE_ADMIN,      /* quản trị */
	HC_ROLE_SYSTEM,     /* the CLI and imports: every unit, every action */
	HC_ROLE_COUNT
};

/* Full names are up to 128 code points (staff.h), each up to 4 bytes in
 * UTF-8, plus the NUL. */
#define HC_ACTOR_NAME_MAX (128 * 4 + 1)

typedef struct hc_actor {
	int64_t staff_id; /* 0 for the system actor */
	int64_t unit_id;
	int64_t office_id; /* 0 if none */
	enum hc_role role;
	char username[64];
	char full_name[HC_ACTOR_NAME_MAX];
} hc_actor;

/* "reception", "specialist", ... ; NULL for an unknown value. */
const char *hc_role_name(enum hc_role r);
/* Vietnamese label ("Cán bộ một cửa", ...). */
const char *hc_role_label(enum hc_role r);
/* Parses a role name; false when unknown. HC_ROLE_SYSTEM is not parseable. */
bool hc_role_parse(const char *s, enum hc_role *out);
/* The actor used by CLI commands and imports. */
hc_actor hc_actor_system(void);

#endif
