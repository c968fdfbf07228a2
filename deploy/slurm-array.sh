#!/bin/bash
# Compress a list of images as a Slurm job array, one shard per array task:
#   sbatch deploy/slurm-array.sh /data/in/list.txt /data/out
# lgc takes the shard index from SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN, so the array must be a contiguous
# range with step 1 (0-7, 1-8, with or without a %throttle); the shard count is the array's size.
# A requeued or resubmitted task skips what its manifest logged and redoes only the rest.
#SBATCH --job-name=lgc-compress
#SBATCH --array=0-7
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=04:00:00
#SBATCH --requeue
#SBATCH --output=lgc-%A_%a.out
set -euo pipefail
list=${1:?usage: sbatch slurm-array.sh LIST OUTPUT_FOLDER}
out=${2:?usage: sbatch slurm-array.sh LIST OUTPUT_FOLDER}
lgc=${LGC:-lgc}   # the self-contained publish, e.g. LGC=$HOME/lgc/lgc
exec "$lgc" compress --files-from "$list" --shards "$SLURM_ARRAY_TASK_COUNT" -o "$out" --threads "$SLURM_CPUS_PER_TASK"
