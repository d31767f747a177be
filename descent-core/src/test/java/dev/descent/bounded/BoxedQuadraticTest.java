package dev.descent.bounded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.Bounds;
import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.Result;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.stop.StoppingRules;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random boxes on random strictly convex quadratics {@code f = 1/2 x^T A x - b^T x}: the result
 * satisfies the KKT conditions, checked entry by entry on the raw gradient. The tolerances sit
 * above the precision limit of the values (|f| up to about 100, |x| up to about 20): a tighter
 * gradient than 1e-6 needs decreases of f below its last bit, where any line search must fail.
 */
class BoxedQuadraticTest {

    record Case(Objective objective, Bounds bounds, double[] start, double scale) {}

    static Case randomCase(long seed) {
        Random random = new Random(seed);
        int n = 1 + random.nextInt(8);
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                r[i][j] = random.nextGaussian();
            }
        }
        double[][] a = new double[n][n];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += r[k][i] * r[k][j];
                }
                a[i][j] += i == j ? 0.1 : 0;
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        double[] b = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        double[] start = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = 3 * random.nextGaussian();
            double centre = random.nextGaussian();
            double width = 0.1 + 2 * random.nextDouble();
            int kind = random.nextInt(9); // both bounds, lower only, upper only, free, sometimes fixed (l = u)
            lower[i] = kind <= 1 || kind == 4 ? centre - width : Double.NEGATIVE_INFINITY;
            upper[i] = kind <= 1 || kind == 5 ? centre + width : Double.POSITIVE_INFINITY;
            if (kind == 8) {
                lower[i] = centre;
                upper[i] = centre;
            }
            start[i] = 4 * random.nextGaussian(); // often outside the box
        }
        Objective f = new Objective() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                double value = 0;
                for (int i = 0; i < n; i++) {
                    double ax = 0;
                    for (int j = 0; j < n; j++) {
                        ax += a[i][j] * x[j];
                    }
                    g[i] = ax - b[i];
                    value += 0.5 * x[i] * ax - b[i] * x[i];
                }
                return value;
            }
        };
        return new Case(f, Bounds.of(lower, upper), start, scale);
    }

    static void assertKkt(Case c, Result r, double tolerance) {
        double[] x = r.point();
        double[] g = new double[x.length];
        c.objective().valueAndGradient(x, g);
        assertThat(c.bounds().isFeasible(x)).isTrue();
        for (int i = 0; i < x.length; i++) {
            if (c.bounds().lower(i) == c.bounds().upper(i)) {
                assertThat(x[i]).isEqualTo(c.bounds().lower(i)); // fixed: both bounds active, any gradient
            } else if (x[i] == c.bounds().lower(i)) {
                assertThat(g[i]).as("g[%d] at the lower bound, %s", i, r).isGreaterThanOrEqualTo(-tolerance);
            } else if (x[i] == c.bounds().upper(i)) {
                assertThat(g[i]).as("g[%d] at the upper bound, %s", i, r).isLessThanOrEqualTo(tolerance);
            } else {
                assertThat(Math.abs(g[i])).as("|g[%d]| free, %s", i, r).isLessThanOrEqualTo(tolerance);
            }
        }
    }

    @Property(tries = 300)
    void lbfgsBEndsAtAKktPoint(@ForAll long seed) {
        Case c = randomCase(seed);
        // the point the rule declared converged: the lowest value seen can be an earlier point, lower in f's
        // last bit, whose projected gradient is just above the tolerance
        Result r = Minimizer.using(Lbfgs.defaults()).bounds(c.bounds())
                .stoppingWhen(StoppingRules.gradientMaxNorm(1e-6).or(StoppingRules.maxIterations(1000)))
                .returningLastPoint().minimize(c.objective(), c.start());
        assertThat(r.converged()).as("%s", r).isTrue();
        assertKkt(c, r, 1e-6);
    }

    @Property(tries = 100)
    void projectedGradientDescentEndsAtAKktPoint(@ForAll long seed) {
        Case c = randomCase(seed);
        Result r = Minimizer.using(GradientDescent.armijo(1.0)).bounds(c.bounds())
                .stoppingWhen(StoppingRules.gradientMaxNorm(1e-5).or(StoppingRules.maxIterations(200_000)))
                .returningLastPoint().minimize(c.objective(), c.start());
        assertThat(r.converged()).as("%s", r).isTrue();
        assertKkt(c, r, 1e-5);
    }
}
