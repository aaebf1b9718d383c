/**
 * Only PendingBuffer, a value the decision job keeps in keyed state: savepoints record its class name, so it
 * stays at this name (moving it made a pre-move savepoint fail to restore, see SavepointCompatibilityIT). Imports
 * nothing.
 */
package dev.upshift.jobs.operators;
