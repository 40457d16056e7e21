# Thin wrapper over meson/ninja. `make demo` and `make check` are the two
# commands of the README; both install their Debian dependencies first.
BUILD ?= build
ASAN_BUILD ?= build-asan
DEMO_DB ?= demo.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps test-deps build asan demo check unit e2e fuzz clean format

all: build

deps:
	bash scripts/deps.sh build

test-deps:
	bash scripts/deps.sh test

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

asan: test-deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)

demo: build
	@test -f $(DEMO_DB) || ./$(BUILD)/haicap demo --db $(DEMO_DB)
	@echo "demo: JSON API at http://$(LISTEN)/api/v1 (docs/api.md); sign in with" \
	      "POST /api/v1/sessions as tranlieu.motcua1, tranlieu.chuyenvien1, tranlieu.giamdoc," \
	      "tranlieu.chutich or hp.giamsat, password haicap2025"
	./$(BUILD)/haicap serve --db $(DEMO_DB) --listen $(LISTEN)

check: test-deps build asan
	bash scripts/check.sh $(BUILD) $(ASAN_BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
