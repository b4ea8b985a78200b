// Real peers (ffmpeg encoders and decoders) on a 2-core machine: run one test class at a time so
// timings stay stable and real-time publishers are not starved.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
