package dev.pollux;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering that keeps Pollux's shape: the protocol is plain Java, configuration is a leaf that every
 * feature reads and none is read by, and no two packages depend on each other.
 */
class ArchitectureTests {

    private static final JavaClasses POLLUX = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pollux");

    @Test
    void theProtocolImportsNeitherNettyNorSpring() {
        noClasses().that().resideInAPackage("dev.pollux.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "reactor.netty..", "org.springframework..")
                .check(POLLUX);
    }

    @Test
    void configurationImportsNoFeature() {
        classes().that().resideInAPackage("dev.pollux.config..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.pollux.config..", "java..", "jakarta..",
                        "org.springframework..")
                .because("config/ holds the properties and their errors, and knows nothing of what uses them")
                .check(POLLUX);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("dev.pollux.(**)").should().beFreeOfCycles().check(POLLUX);
    }
}
