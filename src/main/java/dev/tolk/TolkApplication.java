package dev.tolk;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Spring Boot service; started by {@code serve} (see {@link dev.tolk.cli.TolkMain}). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TolkApplication {}
