/*
 * summary_json.h: function summaries (struct sl_func, model.h) to JSON and
 * back, for the cross-file summary cache (xtu.h, cache.h). Every field of
 * struct sl_func is kept except model_file, which summaries never have (it
 * points into a model's file list). Kinds are stored as indices into the
 * run's model: the models are part of every cache key, so indices stay
 * valid; a stored index outside the model is rejected.
 */
#ifndef SL_SUMMARY_JSON_H
#define SL_SUMMARY_JSON_H

#include <cjson/cJSON.h>

#include "model.h"

cJSON *sl_func_to_json(const struct sl_func *f);
/* Fills *f (zeroed first) from json. Returns 0, or -1 when json is not a
 * summary this model can hold (then *f holds nothing to free). */
int sl_func_from_json(const cJSON *json, const struct sl_model *model, struct sl_func *f);

#endif
