package dev.linechat.bench;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code strict} or {@code none} for {@code --prefix}. */
final class PrefixConverter implements ITypeConverter<Prefix> {
    @Override
    public Prefix convert(String text) {
        try {
            return Prefix.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + text + "' is not strict or none");
        }
    }
}
