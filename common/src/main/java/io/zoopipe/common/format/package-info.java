/**
 * The format plugin contract: {@link io.zoopipe.common.format.FormatProvider}s found through {@link
 * java.util.ServiceLoader}, looked up by name or file extension in a {@link
 * io.zoopipe.common.format.FormatRegistry}, configured by generic {@link
 * io.zoopipe.common.format.FormatOptions}.
 */
@NullMarked
package io.zoopipe.common.format;

import org.jspecify.annotations.NullMarked;
