/* output: the table of report writers (output.h). */
#include "report/output.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"

#include "report/docx.h"
#include "report/pdf.h"
#include "report/xlsx.h"

static const hc_output_format formats[] = {
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx",
     hc_docx_write},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx",
     hc_xlsx_write},
    {"pdf", "application/pdf", ".pdf", hc_pdf_report_write},
};

const hc_output_format *hc_output_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

const hc_output_format *hc_output_at(size_t i)
{
	return i < sizeof formats / sizeof formats[0] ? &formats[i] : NULL;
}

const char *hc_output_names(void)
{
	return "docx, xlsx, pdf";
}

int hc_output_write(const hc_report *r, const hc_output_format *f, const char *path, hc_err *err)
{
	return f->write(r, path, err);
}

static int read_all(const char *path, char **data, size_t *len, hc_err *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return hc_err_set(err, HC_EIO, NULL, "Không đọc được tệp báo cáo",
		                  "report: open %s: %s", path, strerror(errno));
	hc_buf b = {.cap_limit = HC_OUTPUT_MAX_BYTES};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (hc_buf_append(&b, chunk, n))
			break;
	bool bad = ferror(fp) != 0;
	fclose(fp);
	if (b.failed || bad) {
		hc_buf_free(&b);
		return hc_err_set(err, bad ? HC_EIO : HC_ETOOBIG, NULL, "Tệp báo cáo quá lớn",
		                  "report: reading %s failed or over %u bytes", path,
		                  HC_OUTPUT_MAX_BYTES);
	}
	*len = b.len;
	*data = b.data ? hc_buf_take(&b) : calloc(1, 1);
	return *data ? HC_OK : hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "report: no memory");
}

int hc_output_render(const hc_report *r, const hc_output_format *f, char **data, size_t *len,
                     hc_err *err)
{
	*data = NULL;
	*len = 0;
	const char *dir = getenv("TMPDIR");
	char path[512];
	int n =
	    snprintf(path, sizeof path, "%s/haicap-report-XXXXXX", dir && dir[0] ? dir : "/tmp");
	if (n < 0 || (size_t)n >= sizeof path)
		return hc_err_set(err, HC_EIO, NULL, "Lỗi tạo tệp tạm", "report: TMPDIR too long");
	int fd = mkstemp(path);
	if (fd < 0)
		return hc_err_set(err, HC_EIO, NULL, "Lỗi tạo tệp tạm", "report: mkstemp: %s",
		                  strerror(errno));
	close(fd);
	int rc = f->write(r, path, err);
	if (!rc)
		rc = read_all(path, data, len, err);
	unlink(path);
	return rc;
}
