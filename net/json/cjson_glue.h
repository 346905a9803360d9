// What cJSON is linked against instead of the C library's heap and strtod
// (cmake/deps.cmake renames malloc, free, realloc and strtod in cJSON.c to these):
// - the heap functions refuse: cJSON's real allocator is always the bump arena that
//   JsonDocument installs for the duration of a parse, so they only stand in for
//   cJSON's defaults and keep malloc out of a board image;
// - parley_json_strtod parses JSON numbers without newlib's strtod, which allocates
//   (Balloc) on a board. Integers up to 2^53 are exact; fractions and exponents are
//   close (a few ULP), which is all this client reads numbers for.
#pragma once

#include <cstddef>

extern "C" {
void* parley_cjson_malloc(size_t size);
void parley_cjson_free(void* pointer);
void* parley_cjson_realloc(void* pointer, size_t size);
double parley_json_strtod(const char* text, char** end);
}
