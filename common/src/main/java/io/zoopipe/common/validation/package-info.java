/** Binding raw rows to a schema type and validating them with Bean Validation. */
@NullMarked
package io.zoopipe.common.validation;

import org.jspecify.annotations.NullMarked;
