#!/usr/bin/env python3
"""speed_monitor: the speed-alert example in Python, with nothing but the standard library.

Python's standard library speaks HTTP but not MQTT, so this app uses the platform's HTTP side of
the app protocol (docs/protocol.md):

  * every POLL_SECONDS it asks for the latest reading of each bound sensor
      GET  {PLINTH_API_URL}/api/bindings/{PLINTH_APP}/speed/latest
  * when a car passes THRESHOLD_KMH it beeps the bound buzzer
      POST {PLINTH_API_URL}/api/bindings/{PLINTH_APP}/buzzer/commands
           {"payload": {"action": "beep", "sensor": "car-3", "speedKmh": 97.4}}

both with the header "Authorization: Bearer {PLINTH_TOKEN}". Polling sees the latest reading of
each car, not every reading: an app that must see every reading subscribes over MQTT (the Java SDK
does; in Python a library such as paho-mqtt would).

When PORT is set (as it is when Plinth runs the app) it also serves GET /health and GET / (JSON
counters) there.

Run it outside Plinth with the same variables set by hand:
    PLINTH_API_URL=http://127.0.0.1:8080 PLINTH_TOKEN=... PLINTH_APP=speed-alert python3 speed_monitor.py
"""

import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REARM_MARGIN_KMH = 5.0


class SpeedWatch:
    """One alert per excursion above the threshold; a car is armed again 5 km/h below it."""

    def __init__(self, threshold_kmh):
        if not threshold_kmh > 0:
            raise ValueError("the threshold must be a positive number of km/h")
        self.threshold_kmh = threshold_kmh
        self.alerting = {}
        self.readings_seen = 0
        self.alerts_raised = 0

    def observe(self, sensor_id, speed_kmh):
        """Returns True when this reading is the one that passed the threshold."""
        self.readings_seen += 1
        was = self.alerting.get(sensor_id, False)
        if speed_kmh > self.threshold_kmh:
            self.alerting[sensor_id] = True
            if not was:
                self.alerts_raised += 1
                return True
            return False
        self.alerting[sensor_id] = was and speed_kmh > self.threshold_kmh - REARM_MARGIN_KMH
        return False


class Platform:
    """The HTTP endpoints of docs/protocol.md for one app."""

    def __init__(self, api_url, token, app, timeout=10):
        self.base = api_url.rstrip("/") + "/api/bindings/" + urllib.parse.quote(app, safe="")
        self.token = token
        self.timeout = timeout

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.token)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            text = response.read().decode("utf-8")
            return json.loads(text) if text.strip() else None

    def latest(self, name):
        """sensor id -> its latest reading. Accepts an object keyed by sensor id, or a list of readings."""
        answer = self._call("GET", "/" + name + "/latest")
        if isinstance(answer, dict) and isinstance(answer.get("readings"), list):
            answer = answer["readings"]
        if isinstance(answer, list):
            return {r["sensorId"]: r for r in answer}
        return {sensor: r for sensor, r in (answer or {}).items() if r is not None}

    def send_command(self, name, payload, device=None):
        body = {"payload": payload}
        if device is not None:
            body["device"] = device
        return self._call("POST", "/" + name + "/commands", body)


def describe(error):
    """A line for an HTTP error, with Plinth's message when the body has one."""
    if isinstance(error, urllib.error.HTTPError):
        try:
            message = json.loads(error.read().decode("utf-8")).get("message")
        except (ValueError, AttributeError):
            message = None
        hint = {401: " (PLINTH_TOKEN is missing, expired or wrong)",
                404: " (is the requirement in plinth.yaml, and the app deployed?)"}.get(error.code, "")
        return "HTTP %d%s%s" % (error.code, ": " + message if message else "", hint)
    return str(getattr(error, "reason", error))


def poll_once(platform, watch, last_seen, log=print):
    """One round: read the latest speeds, beep for each car that passed the threshold. Returns the alerts sent."""
    alerts = []
    for sensor_id, reading in platform.latest("speed").items():
        reading_id = reading.get("readingId")
        if reading_id is not None and last_seen.get(sensor_id) == reading_id:
            continue  # the same reading as last time: nothing new from this car
        last_seen[sensor_id] = reading_id
        speed = (reading.get("values") or {}).get("speedKmh")
        if not isinstance(speed, (int, float)):
            continue
        if watch.observe(sensor_id, float(speed)):
            log("ALERT %s at %.1f km/h (threshold %.0f km/h)" % (sensor_id, speed, watch.threshold_kmh))
            command = {"action": "beep", "sensor": sensor_id, "speedKmh": speed}
            platform.send_command("buzzer", command)
            alerts.append(command)
    return alerts


def serve(port, watch, env):
    """GET /health and GET / on PORT, in a background thread."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/health":
                self._answer(200, "text/plain; charset=utf-8", "ok\n")
            elif self.path == "/":
                status = {"app": env.get("PLINTH_APP"), "instance": env.get("PLINTH_INSTANCE_ID"),
                          "thresholdKmh": watch.threshold_kmh, "readingsSeen": watch.readings_seen,
                          "alertsRaised": watch.alerts_raised}
                self._answer(200, "application/json", json.dumps(status) + "\n")
            else:
                self._answer(404, "text/plain; charset=utf-8", "not found: %s\n" % self.path)

        def _answer(self, status, content_type, body):
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, fmt, *args):
            pass  # one line per probe would drown the alerts

    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(env=os.environ):
    api = env.get("PLINTH_API_URL") or env.get("PLINTH_GATEWAY_URL")
    missing = [name for name, value in (("PLINTH_API_URL", api), ("PLINTH_TOKEN", env.get("PLINTH_TOKEN")),
                                        ("PLINTH_APP", env.get("PLINTH_APP"))) if not value]
    if missing:
        print("speed_monitor: %s not set: run inside Plinth, or set them by hand" % ", ".join(missing), file=sys.stderr)
        return 2
    try:
        watch = SpeedWatch(float(env.get("THRESHOLD_KMH", "90")))
        interval = float(env.get("POLL_SECONDS", "1"))
    except ValueError as e:
        print("speed_monitor: THRESHOLD_KMH and POLL_SECONDS must be numbers: %s" % e, file=sys.stderr)
        return 2
    platform = Platform(api, env["PLINTH_TOKEN"], env["PLINTH_APP"])
    if env.get("PORT"):
        serve(int(env["PORT"]), watch, env)

    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    print("speed_monitor polling %s every %gs, alerting above %.0f km/h" % (api, interval, watch.threshold_kmh), flush=True)
    last_seen = {}
    failing = False
    while not stopping.is_set():
        try:
            poll_once(platform, watch, last_seen, log=lambda line: print(line, flush=True))
            if failing:
                print("the platform answers again", flush=True)
            failing = False
        except (urllib.error.URLError, OSError, ValueError) as e:
            if not failing:  # one line per outage, not one per poll
                print("cannot poll the platform: %s; retrying" % describe(e), flush=True)
            failing = True
        stopping.wait(interval)
    print("speed_monitor stopping", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
