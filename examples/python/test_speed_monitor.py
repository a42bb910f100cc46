"""Tests of speed_monitor.py against a small real HTTP server that answers as the platform does.

Run with: python3 -m unittest examples/python/test_speed_monitor.py
"""

import json
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import speed_monitor


class FakePlatform:
    TOKEN = "instance-credential"

    def __init__(self):
        self.latest = {}
        self.commands = []
        self.requests = []
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                platform.requests.append("GET " + self.path)
                if not self._authorized():
                    return
                if self.path == "/api/bindings/speed-alert/speed/latest":
                    self._answer(200, platform.latest)
                else:
                    self._answer(404, {"status": 404, "message": "no requirement"})

            def do_POST(self):
                platform.requests.append("POST " + self.path)
                if not self._authorized():
                    return
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path == "/api/bindings/speed-alert/buzzer/commands":
                    platform.commands.append(body)
                    self._answer(202, {"commandIds": ["c-%d" % len(platform.commands)]})
                else:
                    self._answer(404, {"status": 404, "message": "no requirement"})

            def _authorized(self):
                if self.headers.get("Authorization") != "Bearer " + FakePlatform.TOKEN:
                    self._answer(401, {"status": 401, "message": "no valid token"})
                    return False
                return True

            def _answer(self, status, body):
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, fmt, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def reading(reading_id, sensor, speed):
    return {"readingId": reading_id, "sensorId": sensor, "type": "vehicle-speed", "values": {"speedKmh": speed},
            "deviceTime": None, "receivedAt": "2026-11-22T12:00:00Z"}


class SpeedMonitorTest(unittest.TestCase):

    def setUp(self):
        self.fake = FakePlatform()
        self.platform = speed_monitor.Platform(self.fake.url, FakePlatform.TOKEN, "speed-alert")

    def tearDown(self):
        self.fake.close()

    def test_beeps_once_per_car_that_passes_the_threshold(self):
        watch = speed_monitor.SpeedWatch(90)
        seen = {}
        lines = []
        self.fake.latest = {"car-1": reading("a", "car-1", 50), "car-3": reading("b", "car-3", 97.5)}
        speed_monitor.poll_once(self.platform, watch, seen, log=lines.append)
        speed_monitor.poll_once(self.platform, watch, seen, log=lines.append)  # the same readings: nothing new
        self.fake.latest = {"car-1": reading("c", "car-1", 91), "car-3": reading("d", "car-3", 99)}
        speed_monitor.poll_once(self.platform, watch, seen, log=lines.append)
        self.assertEqual([{"payload": {"action": "beep", "sensor": "car-3", "speedKmh": 97.5}},
                          {"payload": {"action": "beep", "sensor": "car-1", "speedKmh": 91}}], self.fake.commands)
        self.assertEqual(["ALERT car-3 at 97.5 km/h (threshold 90 km/h)", "ALERT car-1 at 91.0 km/h (threshold 90 km/h)"], lines)
        self.assertEqual(4, watch.readings_seen)
        self.assertEqual(2, watch.alerts_raised)

    def test_latest_may_be_a_list(self):
        self.fake.latest = [reading("a", "car-2", 10)]
        self.assertEqual(["car-2"], list(self.platform.latest("speed")))

    def test_a_wrong_token_is_explained(self):
        platform = speed_monitor.Platform(self.fake.url, "stale", "speed-alert")
        with self.assertRaises(Exception) as caught:
            platform.latest("speed")
        self.assertEqual("HTTP 401: no valid token (PLINTH_TOKEN is missing, expired or wrong)",
                         speed_monitor.describe(caught.exception))

    def test_rearms_five_below_the_threshold(self):
        watch = speed_monitor.SpeedWatch(90)
        alerts = [watch.observe("car-1", s) for s in (95, 86, 95, 85, 95)]
        self.assertEqual([True, False, False, False, True], alerts)

    def test_missing_variables_are_named(self):
        self.assertEqual(2, speed_monitor.main({"PLINTH_APP": "speed-alert"}))


if __name__ == "__main__":
    unittest.main()
