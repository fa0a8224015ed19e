// SPDX-License-Identifier: Apache-2.0
#pragma once
// A bounded multi-producer queue between threads. When full it refuses and counts, never blocks a
// producer: a poller must not stall because the consumer is slow, and a loss must be visible.
// The items live in a vector that the consumer swaps with its own emptied one, so in steady state
// the two buffers trade places each turn and nothing is allocated per item.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

#include "core/clock.hpp"

namespace sw {

template <class T>
class BlockingQueue {
 public:
  explicit BlockingQueue(std::size_t capacity) : capacity_(capacity) {}

  bool push(T item) {
    {
      std::lock_guard lock(mutex_);
      if (closed_ || items_.size() >= capacity_) {
        ++refused_;
        return false;
      }
      items_.push_back(std::move(item));
    }
    ready_.notify_one();
    return true;
  }

  template <class It>
  std::size_t push_many(It first, It last) {
    std::size_t accepted = 0;
    {
      std::lock_guard lock(mutex_);
      for (; first != last; ++first) {
        if (closed_ || items_.size() >= capacity_) {
          ++refused_;
          continue;
        }
        items_.push_back(std::move(*first));
        ++accepted;
      }
    }
    ready_.notify_one();
    return accepted;
  }

  // Wakes a consumer waiting in pop_all without giving it an item (it has other work).
  void wake() {
    {
      std::lock_guard lock(mutex_);
      woken_ = true;
    }
    ready_.notify_all();
  }

  // Moves everything queued into `out`, waiting until something arrives, wake() is called, the
  // deadline passes or the queue is closed. Returns false once closed and drained.
  bool pop_all(std::vector<T>& out, SteadyTime deadline) {
    std::unique_lock lock(mutex_);
    ready_.wait_until(lock, deadline, [&] { return !items_.empty() || closed_ || woken_; });
    woken_ = false;
    if (items_.empty()) return !closed_;
    if (out.empty()) {
      out.swap(items_);
    } else {
      out.insert(out.end(), std::make_move_iterator(items_.begin()),
                 std::make_move_iterator(items_.end()));
      items_.clear();
    }
    return true;
  }

  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }
  std::uint64_t refused() const { return refused_.load(); }

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<T> items_;
  bool closed_ = false;
  bool woken_ = false;
  std::atomic<std::uint64_t> refused_{0};
};

}  // namespace sw
