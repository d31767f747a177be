package dev.descent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The OpenBLAS kernel the peers run on, from the CPU's instruction flags as /proc/cpuinfo lists them. */
class PeerKernelTest {
    @Test
    void theKernelIsTheBestTheInstructionsAllow() {
        assertThat(Workloads.coreFor("fpu sse2 avx avx2 fma avx512f avx512dq avx512vl avx512_bf16"))
                .isEqualTo("COOPERLAKE");
        assertThat(Workloads.coreFor("fpu sse2 avx avx2 fma avx512f avx512cd avx512vl")).isEqualTo("SKYLAKEX");
        assertThat(Workloads.coreFor("fpu sse2 avx avx2 fma")).isEqualTo("HASWELL");
        assertThat(Workloads.coreFor("fpu sse2 avx avx2")).as("AVX2 without FMA").isNull();
        assertThat(Workloads.coreFor("fpu sse2 avx512fx")).as("whole flags only").isNull();
    }
}
