/**
 * Pushgateway 1.x state import: reads the gob persistence file that
 * Pushgateway 1.x writes into promkit's store state, so that a gateway
 * started on such a file keeps every group.
 */
export { importPushgatewayState, isPushgatewayState, PushgatewayStateError } from './import.js';
