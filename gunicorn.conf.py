"""gunicorn's settings for `make serve` (gunicorn reads ./gunicorn.conf.py); the bind address comes from the command
line, and GUNICORN_CMD_ARGS overrides anything here ("--workers 8 --timeout 60")."""

import multiprocessing
import os

wsgi_app = "portal.wsgi:application"

# Synchronous workers, two a core plus one (gunicorn's rule of thumb): a slow page holds one worker, not the site.
# WEB_CONCURRENCY, as on most hosts, sets the number instead.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A request still running after 30 s is killed and its worker replaced; 30 s more to finish requests on shutdown.
timeout = 30
graceful_timeout = 30
# Behind a load balancer that reuses connections, keep them open a little longer than its own idle timeout.
keepalive = 5

# Logs to the console for the process manager to collect. The application writes one JSON line per request to stdout
# (portal/request_log.py: method, path, status, time, a staff member's id), so gunicorn's own access log, a second
# line per request with less in it, is off ("--access-logfile -" turns it back on). gunicorn's messages (workers
# started, killed on timeout) and the application's errors with their tracebacks go to stderr.
accesslog = None
errorlog = "-"
# With the error log in a file ("--error-logfile /var/log/pacta/error.log"), the workers' stdout and stderr go into it
# too, so that the request log, tracebacks and anything printed are kept beside gunicorn's messages; with "-" they
# already share the console.
capture_output = True

# No control socket: its default path is one per user, which a second instance (another port, a benchmark) would take
# over; processes are managed by signals (TERM to stop, HUP to reload).
control_socket_disable = True
