#!/usr/bin/env bash
# One prepared GPU burst (the device tool lends a GPU for ~15 minutes per task): the engine's CUDA check,
# then every training run of this round, in parallel on the one GPU, with results written as they finish.
#
#   tools/gpu_burst.sh              on the GPU machine, from the repo root; needs .gpu/ (carried):
#     .gpu/data/        a subset of the shared data folder (tools/pack_subset.py)
#     .gpu/l1.pt        the codec to start from (light checkpoint, tools/lgc/ckpt.py save_light)
#     .gpu/r18_l2.safetensors   ResNet-18 up to layer2 for the perceptual loss (tools/convert_resnet18.py --upto layer2)
#     .gpu/gpu-check.tar.xz   optional: the self-contained lgc-gpu-check publish (kernels/gpu-check.sh publish)
#   Env: OUT (results folder), DEV (cuda), SCALE (multiplies every phase's minutes: 0.02 for a dry run on a CPU).
set -u
G=${G:-.gpu}; R=${OUT:-/tmp/burst_out}; DEV=${DEV:-cuda}; S=${SCALE:-1}
W=${WORK:-/tmp/burst}; mkdir -p "$W" "$R"
export PYTHONUNBUFFERED=1 OMP_NUM_THREADS=2
PY=${PY:-python3}
T="$PY tools/train.py --device $DEV --data $G/data --cache $W/cache --val-images 64"
mins() { $PY -c "print(round($1 * $S, 4))"; }
stamp() { echo "$(date +%H:%M:%S) $*" | tee -a "$W/burst.log"; }
pack_logs() { tar czf "$R/logs.tgz" -C "$W" $(cd "$W" && ls *.log 2>/dev/null) 2>/dev/null; }

stamp "burst start on $DEV: $(nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null)"
$PY -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())" | tee -a "$W/burst.log"

# Phase 0: the engine on CUDA (parity, end to end, images/s), alone on the GPU so its timings are clean.
if [ -f "$G/gpu-check.tar.xz" ]; then
  stamp "phase 0: CUDA engine check"
  tar xJf "$G/gpu-check.tar.xz" -C "$W"
  timeout ${CHECK_SECONDS:-150} "$W/gpu-check/gpu-check.sh" run ${CHECK_ARGS:-cuda --model weights/lgc-low.safetensors} \
    > "$W/cuda_check.log" 2>&1
  stamp "phase 0 exit $?"; tail -n 40 "$W/cuda_check.log"; pack_logs
fi

# Phase 1: three rate points of the layered codec (MSE + perceptual) and the plain hyperprior (S=0, MSE only)
# at the same lambdas, all warm-started from the same codec with the same steps budget.
LAMBDAS=${LAMBDAS:-"0.0001 0.0004 0.0016"}
P1=$(mins ${P1_MIN:-4})
stamp "phase 1: codec runs, $P1 min each, lambdas $LAMBDAS"
for l in $LAMBDAS; do
  $T --stage codec --init $G/l1.pt --lambda $l --lr 1e-4 --lr-drop-frac 0.25 --batch 32 --crop 128 --minutes $P1 \
     --perceptual $G/r18_l2.safetensors --w-perc 0.005 --val-every-min 1 --ckpt-every-min 1000 \
     --out $W/lgc_$l --light $W/lgc_$l.pt > $W/lgc_$l.log 2>&1 &
  $T --stage codec --S 0 --init $G/l1.pt --lambda $l --lr 1e-4 --lr-drop-frac 0.25 --batch 32 --crop 128 --minutes $P1 \
     --val-every-min 1 --ckpt-every-min 1000 --out $W/hp_$l --light $W/hp_$l.pt > $W/hp_$l.log 2>&1 &
done
wait
stamp "phase 1 done"; grep -h "final val" $W/*.log | tee -a "$W/burst.log"
(cd $W && tar cf "$R/lgc.tar" lgc_*.pt; tar cf "$R/hp.tar" hp_*.pt); pack_logs

# Phase 2: heads on the frozen codecs (separate regime), the adversarial fine-tune at the lowest rate
# (two generator weights), and the joint regime at the middle rate.
set -- $LAMBDAS; LOW=$1; MID=$2
P2=$(mins ${P2_MIN:-2})
stamp "phase 2: heads, gan, joint, $P2 min each"
for l in $LAMBDAS; do
  [ -f $W/lgc_$l.pt ] || continue
  $T --stage heads --init $W/lgc_$l.pt --C 64 --rgb-heads --lr 1e-3 --batch 16 --minutes $P2 \
     --out $W/heads_$l --light $W/heads_$l.pt > $W/heads_$l.log 2>&1 &
done
for wg in ${GAN_WEIGHTS:-0.003 0.01}; do
  $T --stage gan --init $W/lgc_$LOW.pt --lambda $LOW --lr 5e-5 --batch 8 --crop 256 --minutes $P2 --w-gan $wg \
     --perceptual $G/r18_l2.safetensors --w-perc 0.005 --out $W/gan_$wg --light $W/gan_$wg.pt > $W/gan_$wg.log 2>&1 &
done
$T --stage joint --init $W/lgc_$MID.pt --lambda $MID --C 64 --rgb-heads --lr 1e-4 --batch 16 --minutes $P2 \
   --w-task 0.1 --out $W/joint_$MID --light $W/joint_$MID.pt > $W/joint_$MID.log 2>&1 &
wait
stamp "phase 2 done"; grep -h "heads val\|gan: final\|joint val" $W/*.log | tee -a "$W/burst.log"
cp $W/heads_*.pt "$R/" 2>/dev/null  # ~5.3 MB each: one file each stays under the 16 MiB per-file limit
(cd $W && tar cf "$R/gj.tar" gan_*.pt joint_*.pt); pack_logs
stamp "burst end"; pack_logs
ls -la "$R"
