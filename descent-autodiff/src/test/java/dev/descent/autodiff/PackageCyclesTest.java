package dev.descent.autodiff;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * No package of descent's main code imports a package that imports it back: this module's, and
 * those of the modules it builds on (every {@code dev.descent} class on the test class path, tests
 * left out). Each package is a slice of its own, the root {@code dev.descent} included: the pattern
 * {@code dev.descent.(**)} would leave the root's classes out and so miss a cycle through them.
 */
@AnalyzeClasses(packages = "dev.descent", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("(dev.descent..)").namingSlices("$1")
            .should().beFreeOfCycles();
}
