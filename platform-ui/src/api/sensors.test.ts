import { describe, expect, it } from 'vitest';
import { toBindings, toReadings } from './sensors';

describe('toBindings', () => {
  it('reads sensor-manager\'s answer: sensors and controllers by requirement name', () => {
    const body = {
      app: 'speed-alert',
      deploymentId: 'speed-alert-1',
      sensors: { speed: { type: 'vehicle-speed', devices: ['car-1', 'car-2'], status: 'BOUND' } },
      controllers: { buzzer: { type: 'buzzer', devices: ['buzzer-1'], status: 'BOUND' } },
    };
    expect(toBindings(body)).toEqual([
      { name: 'speed', kind: 'sensor', type: 'vehicle-speed', devices: ['car-1', 'car-2'], status: 'BOUND', reason: null },
      { name: 'buzzer', kind: 'controller', type: 'buzzer', devices: ['buzzer-1'], status: 'BOUND', reason: null },
    ]);
  });

  it('finds no requirement in an app without sensors', () => {
    expect(toBindings({ app: 'hello-http', sensors: {}, controllers: {} })).toEqual([]);
  });
});

describe('toReadings', () => {
  it('reads {readings: [...]} oldest first', () => {
    const readings = toReadings({
      readings: [
        { readingId: 'b', sensorId: 'car-1', values: { speedKmh: 2 }, receivedAt: '2026-11-22T12:00:02Z' },
        { readingId: 'a', sensorId: 'car-1', values: { speedKmh: 1 }, receivedAt: '2026-11-22T12:00:01Z' },
      ],
    });
    expect(readings.map((r) => r.id)).toEqual(['a', 'b']);
  });
});
