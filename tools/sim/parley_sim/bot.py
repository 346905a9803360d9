"""Bot mode: an agent that answers every new user message after a delay.

It makes the simulator useful without a human at the agent side (demos, end-to-end
tests): the device sees the agent start typing, then a reply it can match against
what it sent. Only typeId 1 (a user message) is answered, never typeId 4 (a silent
system message from the user), and only messages a device sent through the API.

Reply rule (documented in README.md):
- text containing "fault" or "ticket" (any case): "Ticket T-<n> opened for your report."
  with n counting up from 1001;
- other text: "Thanks, we received: <first line>. An agent will follow up." (the first
  line is trimmed to 200 characters);
- a file without text: "Thanks, we received your file <name>. An agent will follow up."
  (<name> is the file name the device uploaded)
Typing starts at half the delay and ends with the reply.
"""

import logging
import re
import threading

log = logging.getLogger("parley_sim.bot")

_TICKET = re.compile(r"fault|ticket", re.IGNORECASE)
_QUOTE_LIMIT = 200


def reply_text(message, ticket_number, file_name=None):
    """The bot's answer to a message view; ticket_number() is called only if needed,
    file_name is the uploaded file's original name when known."""
    text = message.get("message")
    if text:
        if _TICKET.search(text):
            return f"Ticket T-{ticket_number()} opened for your report."
        first = text.strip().splitlines()[0].strip() if text.strip() else ""
        if len(first) > _QUOTE_LIMIT:
            first = first[:_QUOTE_LIMIT] + "..."
        return f"Thanks, we received: {first}. An agent will follow up."
    media = message.get("media") or {}
    name = file_name or media.get("filename") or "attachment"
    return f"Thanks, we received your file {name}. An agent will follow up."


class Bot:
    def __init__(self, state):
        self.state = state
        self._timers = set()
        self._lock = threading.Lock()
        state.add_listener(self.on_message)

    def on_message(self, device_id, message):
        settings = self.state.settings
        if not settings.bot or message.get("typeId") != 1:
            return
        name, delay, generation = settings.bot_name, settings.bot_delay, self.state.generation
        self._schedule(delay / 2, self._typing, generation, device_id, name)
        self._schedule(delay, self._reply, generation, device_id, name, message)

    def _schedule(self, delay, func, *args):
        timer = threading.Timer(delay, self._run, (func, args))
        timer.daemon = True
        with self._lock:
            self._timers.add(timer)
        timer.start()

    def _run(self, func, args):
        with self._lock:
            self._timers = {t for t in self._timers if t.is_alive() and t is not threading.current_thread()}
        if args[0] != self.state.generation:  # the state was reset meanwhile
            return
        try:
            func(*args[1:])
        except Exception:  # a bot hiccup must never take the simulator down
            log.exception("bot failed")

    def _typing(self, device_id, name):
        self.state.set_agent_typing(device_id, name, True)

    def _reply(self, device_id, name, message):
        file_name = None
        if message.get("media"):
            try:
                file_name = self.state.media_record(message["media"]["id"]).get("originalName")
            except KeyError:
                pass
        text = reply_text(message, self.state.next_ticket_number, file_name)
        self.state.add_message(device_id, type_id=2, text=text, agent=name)
        log.info("bot replied to %s in %s", message.get("id"), device_id)

    def stop(self):
        with self._lock:
            timers, self._timers = self._timers, set()
        for timer in timers:
            timer.cancel()
