"""Composition: state, API server, control server, bot and faults in one object.

Tests start a Simulator in-process (fast, no subprocess); the parley-sim command line
(main.py) starts the same object and adds the ports file, signals and logging.
"""

import logging
import threading
from dataclasses import dataclass, field

from . import api, token
from .bot import Bot
from .control import Control, ControlServer
from .faults import FaultRegistry
from .server import ApiServer, make_tls_context
from .state import Settings, State
from .stats import Stats

log = logging.getLogger("parley_sim")


@dataclass
class Options:
    cert: str | None = None
    key: str | None = None
    plain: bool = False
    host: str = "127.0.0.1"
    port: int = 0
    control_port: int = 0
    clients: dict = field(default_factory=lambda: {"demo-client": "demo-secret"})
    account_secret: str = "demo-account-secret"
    settings: Settings = field(default_factory=Settings)
    state_file: str | None = None
    idle_timeout: float = 30.0
    tls_min: str = "1.2"
    tls_max: str = "1.3"


class Simulator:
    def __init__(self, options):
        if not options.plain and not (options.cert and options.key):
            raise ValueError("HTTPS needs --cert and --key (or --plain for debugging)")
        self.options = options
        self.state = State(options.settings, options.clients, options.account_secret,
                           options.state_file)
        self.faults = FaultRegistry()
        self.stats = Stats()
        self.api = api.Api(self.state)
        self.bot = Bot(self.state)
        self.scheme = "http" if options.plain else "https"
        ctx = None if options.plain else make_tls_context(
            options.cert, options.key, options.tls_min, options.tls_max)
        self.api_server = ApiServer(options.host, options.port, self, ctx, options.idle_timeout)
        try:
            self.control_server = ControlServer(options.host, options.control_port, Control(self))
        except OSError:
            self.api_server.server_close()
            raise
        self._threads = []
        self._later = set()  # store_after timers, cancelled by reset and stop
        self._later_lock = threading.Lock()

    @property
    def api_port(self):
        return self.api_server.server_address[1]

    @property
    def control_port(self):
        return self.control_server.server_address[1]

    def _url(self, scheme, port):
        host = self.options.host
        return f"{scheme}://{'[' + host + ']' if ':' in host else host}:{port}"

    @property
    def api_url(self):
        return self._url(self.scheme, self.api_port)

    @property
    def control_url(self):
        return self._url("http", self.control_port)

    def start(self):
        for server in (self.api_server, self.control_server):
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                      daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def later(self, seconds, func, *args):
        """Runs func(*args) in `seconds` unless the simulator is reset or stopped first."""
        generation = self.state.generation

        def run():
            with self._later_lock:
                self._later.discard(timer)
            if generation == self.state.generation:
                func(*args)

        timer = threading.Timer(seconds, run)
        timer.daemon = True
        with self._later_lock:
            self._later.add(timer)
        timer.start()

    def _cancel_later(self):
        with self._later_lock:
            timers, self._later = self._later, set()
        for timer in timers:
            timer.cancel()

    def stop(self):
        self.bot.stop()
        self._cancel_later()
        for server in (self.api_server, self.control_server):
            server.shutdown()
            server.server_close()
        self.api_server.close_connections()
        for thread in self._threads:
            thread.join(timeout=5)

    def reset(self, keep_ids=True):
        """All state back to the start (ids keep increasing unless keep_ids is False)."""
        self.bot.stop()
        self._cancel_later()
        self.faults.clear()
        self.state.reset(keep_ids=keep_ids)
        self.stats.reset()

    def dispatch(self, request, match, is_token):
        """The real answer to an API request (faults are applied around this)."""
        if is_token:
            return token.handle(self.state, request)
        if match is None:
            return api.envelope(request, 404, error="not_found")
        return self.api.handle(request, match)
