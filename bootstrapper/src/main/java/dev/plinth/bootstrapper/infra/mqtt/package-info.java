/**
 * The embedded MQTT broker's security: who may connect (devices with their token, app instances and
 * platform services with tokens signed by the platform) and what each may publish and subscribe to,
 * as docs/sensors.md tabulates. Everything not allowed is denied.
 */
package dev.plinth.bootstrapper.infra.mqtt;
