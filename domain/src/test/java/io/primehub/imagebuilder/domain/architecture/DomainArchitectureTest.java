package io.primehub.imagebuilder.domain.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain imports nothing but the JDK, so that no framework creeps in with a hurried change. */
class DomainArchitectureTest {

    @Test
    void domainDependsOnNothingButTheJdk() {
        JavaClasses domain = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.primehub.imagebuilder.domain");
        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.primehub.imagebuilder.domain..", "java..")
                .check(domain);
    }
}
