/** Placeholder until the module's issue lands. */
package dev.eventline.schemas;
