// Compile-time sizes of the ticket app (firmware/apps/ticket). Every value is an #ifndef
// default a board may override with -D (docs/porting.md §4, "config overrides").
#pragma once

#include <cstddef>

#include "firmware/outbox/outbox_config.h"  // kMaxTextBytes: the ticket is one outbox entry

// The composed ticket (facts and description), on the stack while it is composed.
#ifndef PARLEY_TICKET_MAX_TEXT_BYTES
#define PARLEY_TICKET_MAX_TEXT_BYTES 1024
#endif
// The description and the fault code the caller passes in (refused when longer, not cut).
#ifndef PARLEY_TICKET_MAX_DESCRIPTION_BYTES
#define PARLEY_TICKET_MAX_DESCRIPTION_BYTES 768
#endif
#ifndef PARLEY_TICKET_MAX_FAULT_CODE_BYTES
#define PARLEY_TICKET_MAX_FAULT_CODE_BYTES 64
#endif

namespace firmware::apps::ticket {

constexpr size_t kMaxTicketTextBytes = PARLEY_TICKET_MAX_TEXT_BYTES;
constexpr size_t kMaxTicketDescriptionBytes = PARLEY_TICKET_MAX_DESCRIPTION_BYTES;
constexpr size_t kMaxFaultCodeBytes = PARLEY_TICKET_MAX_FAULT_CODE_BYTES;

static_assert(kMaxTicketTextBytes <= outbox::kMaxTextBytes,
              "a ticket is one outbox entry (else send_text refuses it as too large)");

}  // namespace firmware::apps::ticket
