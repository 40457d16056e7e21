/* log: one-line structured logs to stderr ("ts level msg"), English only.
 * Owns: the log line format. Thread-safe (one fprintf per line). */
#ifndef HC_LOG_H
#define HC_LOG_H

void hc_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hc_log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hc_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
